import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuTerminal

@Suite(.serialized) final class VirtualScreenTests {
    @Test func test_wide_characters_read_back_once_and_occupy_two_columns() {
        let screen = VirtualScreen(rows: 2, columns: 10)
        let end = screen.put("张伟ab", row: 0, col: 1, style: .normal)
        XCTAssertEqual(end, 7)
        XCTAssertEqual(screen.rows(), [" 张伟ab   ", "          "])
        XCTAssertTrue(screen.cell(0, 2).isContinuation)
    }

    @Test func test_wide_character_at_right_edge_becomes_a_space() {
        let screen = VirtualScreen(rows: 1, columns: 5)
        screen.put("abcd张", row: 0, col: 0, style: .normal)
        XCTAssertEqual(screen.row(0), "abcd ")
    }

    @Test func test_overwriting_half_a_wide_character_blanks_the_other_half() {
        let screen = VirtualScreen(rows: 1, columns: 6)
        screen.put("张伟", row: 0, col: 0, style: .normal)
        screen.put("x", row: 0, col: 1, style: .normal)
        XCTAssertEqual(screen.row(0), " x伟  ")
        screen.put("y", row: 0, col: 2, style: .normal)
        XCTAssertEqual(screen.row(0), " xy   ")
    }

    /// `fill` blanks a row's span at once; each cell ends as writing a space there leaves it
    /// (`put` of spaces: cell by cell, a wide character cut at either end of the span blanking its
    /// other half), whatever wide, narrow and combining text the span cuts through.
    @Test func test_fill_leaves_every_cell_as_writing_spaces_cell_by_cell_does() {
        var rng = XorShift(state: 0x9E37_79B9_7F4A_7C15)  // the same screens every run
        let pieces = ["张", "伟", "a", "b", " ", "e\u{301}", "\u{301}", "巡逻", "x张y"]
        let styles: [Style] = [.normal, .selected, .title, .hint]
        var cutWide = 0
        for _ in 0..<400 {
            let rows = 3, columns = Int.random(in: 1...12, using: &rng)
            let filled = VirtualScreen(rows: rows, columns: columns), written = VirtualScreen(rows: rows, columns: columns)
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                let text = (0..<Int.random(in: 1...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
                let row = Int.random(in: 0..<rows, using: &rng), col = Int.random(in: -2...columns, using: &rng)
                let style = styles.randomElement(using: &rng)!
                filled.put(text, row: row, col: col, style: style)
                written.put(text, row: row, col: col, style: style)
            }
            XCTAssertEqual(filled.rows(), written.rows())
            let rect = Rect(row: Int.random(in: -1...rows, using: &rng), col: Int.random(in: -2...columns, using: &rng),
                            width: Int.random(in: 0...columns + 2, using: &rng), height: Int.random(in: 0...rows + 1, using: &rng))
            let style = styles.randomElement(using: &rng)!
            let lo = max(0, rect.col), hi = min(columns, rect.col + rect.width)
            for r in max(0, rect.row)..<max(max(0, rect.row), min(rows, rect.row + rect.height)) where lo < hi && rect.width > 0 {
                if written.cell(r, lo).isContinuation || written.cell(r, hi - 1).isWide { cutWide += 1 }
                written.put(String(repeating: " ", count: hi - lo), row: r, col: lo, style: style)
            }
            filled.fill(rect, style: style)
            for r in 0..<rows {
                for c in 0..<columns {
                    XCTAssertEqual(filled.cell(r, c), written.cell(r, c), "\(rect) row \(r) column \(c): \(written.rows())")
                }
            }
        }
        XCTAssertGreaterThan(cutWide, 10, "spans that cut a wide character at an end")
    }

    @Test func test_styles_are_readable_per_cell() {
        let screen = VirtualScreen(rows: 1, columns: 4)
        screen.put("张", row: 0, col: 1, style: .error)
        XCTAssertEqual(screen.styleRow(0, legend: [.normal: ".", .error: "E"]), ".EE.")
    }

    @Test func test_keys_are_read_in_order_then_timeout() {
        let screen = VirtualScreen()
        screen.type("张")
        screen.feed([.enter])
        XCTAssertEqual(screen.readKey(timeoutMilliseconds: 0), .character("张"))
        XCTAssertEqual(screen.readKey(timeoutMilliseconds: 0), .enter)
        XCTAssertEqual(screen.readKey(timeoutMilliseconds: 0), .timeout)
    }
}

/// A small deterministic generator (xorshift64) for the screens above.
private struct XorShift: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
