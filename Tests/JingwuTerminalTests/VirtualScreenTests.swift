import Foundation
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
