import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuTerminal

/// Bytes in, keys out: what each terminal family sends for the keys the console uses
/// (`infocmp` of each TERM, and what tmux and GNU screen send inside themselves).
@Suite(.serialized) final class KeyDecoderTests {
    let esc = "\u{1B}"

    func keys(_ text: String) -> [Key] { KeyDecoder.decode(text) }

    /// One sequence per key, each decoded alone and all of them run together.
    func check(_ family: String, _ table: [(String, Key)], file: StaticString = #filePath, line: UInt = #line) {
        for (sequence, key) in table {
            XCTAssertEqual(keys(sequence), [key], "\(family): \(sequence.debugDescription)", file: file, line: line)
        }
        XCTAssertEqual(keys(table.map(\.0).joined()), table.map(\.1), "\(family): all at once", file: file, line: line)
    }

    /// xterm and xterm-256color, cursor keys in either mode (CSI or SS3), with and without
    /// modifiers; what tmux and screen send for TERM=xterm-256color too.
    @Test func test_xterm() {
        check("xterm", [
            ("\(esc)[A", .up), ("\(esc)[B", .down), ("\(esc)[C", .right), ("\(esc)[D", .left),
            ("\(esc)OA", .up), ("\(esc)OB", .down), ("\(esc)OC", .right), ("\(esc)OD", .left),
            ("\(esc)[H", .home), ("\(esc)[F", .end), ("\(esc)OH", .home), ("\(esc)OF", .end),
            ("\(esc)[1;5H", .home), ("\(esc)[1;2F", .end), ("\(esc)[1;3A", .up), ("\(esc)[1;5D", .left),
            ("\(esc)[5~", .pageUp), ("\(esc)[6~", .pageDown), ("\(esc)[2~", .insert), ("\(esc)[3~", .delete),
            ("\(esc)[5;5~", .pageUp), ("\(esc)[3;2~", .delete),
            ("\(esc)OP", .f(1)), ("\(esc)OQ", .f(2)), ("\(esc)OR", .f(3)), ("\(esc)OS", .f(4)),
            ("\(esc)[1;5P", .f(1)), ("\(esc)[1;2S", .f(4)), ("\(esc)O5P", .f(1)),
            ("\(esc)[15~", .f(5)), ("\(esc)[17~", .f(6)), ("\(esc)[18~", .f(7)), ("\(esc)[19~", .f(8)),
            ("\(esc)[20~", .f(9)), ("\(esc)[21~", .f(10)), ("\(esc)[23~", .f(11)), ("\(esc)[24~", .f(12)),
            ("\(esc)[24;5~", .f(12)),
            ("\(esc)[Z", .backTab), ("\(esc)OM", .enter),
        ])
    }

    /// VT220-style keys: tmux and GNU screen (TERM=screen, tmux-256color) and rxvt send
    /// Home/End as 1~/4~ or 7~/8~, and the old xterm F1–F4 as 11~–14~.
    @Test func test_tmux_and_screen() {
        check("tmux/screen", [
            ("\(esc)[1~", .home), ("\(esc)[4~", .end), ("\(esc)[7~", .home), ("\(esc)[8~", .end),
            ("\(esc)[5~", .pageUp), ("\(esc)[6~", .pageDown), ("\(esc)[2~", .insert), ("\(esc)[3~", .delete),
            ("\(esc)[11~", .f(1)), ("\(esc)[12~", .f(2)), ("\(esc)[13~", .f(3)), ("\(esc)[14~", .f(4)),
            ("\(esc)OP", .f(1)), ("\(esc)[15~", .f(5)), ("\(esc)[21~", .f(10)), ("\(esc)[24~", .f(12)),
            ("\(esc)OA", .up), ("\(esc)[A", .up), ("\(esc)[Z", .backTab),
        ])
    }

    /// The Linux console (TERM=linux): F1–F5 are `ESC [ [ A` … `E`, Home/End 1~/4~.
    @Test func test_linux_console() {
        check("linux", [
            ("\(esc)[[A", .f(1)), ("\(esc)[[B", .f(2)), ("\(esc)[[C", .f(3)), ("\(esc)[[D", .f(4)), ("\(esc)[[E", .f(5)),
            ("\(esc)[17~", .f(6)), ("\(esc)[24~", .f(12)),
            ("\(esc)[1~", .home), ("\(esc)[4~", .end), ("\(esc)[5~", .pageUp), ("\(esc)[6~", .pageDown),
            ("\(esc)[2~", .insert), ("\(esc)[3~", .delete), ("\(esc)[A", .up), ("\(esc)[D", .left),
            ("\(esc)\t", .backTab),
        ])
        // Shift-F1 … on the console is F13 and up (25~ …): no key here, and nothing typed.
        XCTAssertEqual(keys("\(esc)[25~\(esc)[34~"), [])
        XCTAssertEqual(keys("\(esc)[[Z"), [], "an unknown ESC [ [ x is dropped whole")
    }

    /// Alt (Meta sends Escape): `ESC x` is Alt-x, not Esc and then x.
    @Test func test_alt_and_lone_escape() {
        XCTAssertEqual(keys("\(esc)x"), [.alt("x")])
        XCTAssertEqual(keys("\(esc)1"), [.alt("1")])
        XCTAssertEqual(keys("\(esc)Q"), [.alt("Q")])
        XCTAssertEqual(keys("\(esc)中"), [.alt("中")])
        XCTAssertEqual(keys("\(esc)["), [.alt("[")], "Alt-[ once the wait runs out")
        XCTAssertEqual(keys("\(esc)O"), [.alt("O")], "Alt-O once the wait runs out")
        XCTAssertEqual(keys("\(esc)\r\(esc)\u{7F}"), [], "Alt with a control key is no key, never Esc then Enter")
        // A lone Esc is Esc once the wait runs out; Esc twice is Esc twice.
        XCTAssertEqual(keys(esc), [.escape])
        XCTAssertEqual(keys(esc + esc), [.escape, .escape])
        XCTAssertEqual(keys(esc + esc + "[A"), [.escape, .up])
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed("\u{1B}"), [])
        XCTAssertEqual(decoder.waitMilliseconds, KeyDecoder.escapeWaitMilliseconds)
        XCTAssertEqual(decoder.flush(), [.escape])
        XCTAssertNil(decoder.waitMilliseconds)
        XCTAssertEqual(decoder.feed("q"), [.character("q")], "after the wait, the next key is itself")
        XCTAssertEqual(Key.alt("x").displayName, "Alt-x")
    }

    /// An escape sequence the console has no key for is read to its final byte and dropped:
    /// nothing of it is typed, and what follows it is read as usual.
    @Test func test_unknown_sequences_are_ignored_whole() {
        for sequence in [
            "\(esc)[99~", "\(esc)[1;5X", "\(esc)[?1;2c", "\(esc)[>0;276;0c", "\(esc)[<0;10;5M", "\(esc)[I", "\(esc)[O",
            "\(esc)[200;1 q", "\(esc)[ @", "\(esc)[E", "\(esc)[1;5E", "\(esc)[97;5u", "\(esc)Oj", "\(esc)O2X", "\(esc)[201~",
        ] {
            XCTAssertEqual(keys(sequence + "a"), [.character("a")], sequence.debugDescription)
        }
        // Cut off: nothing more within the wait (dropped), or a byte that cannot belong (dropped,
        // and that byte read afresh: a new sequence, a control key).
        XCTAssertEqual(keys("\(esc)[1;5"), [])
        XCTAssertEqual(keys("\(esc)[1\(esc)[B"), [.down])
        XCTAssertEqual(keys("\(esc)[12\r"), [.enter])
        XCTAssertEqual(keys("\(esc)O\t"), [.tab])
        var decoder = KeyDecoder()
        for scalar in "\u{1B}[1;5".unicodeScalars { XCTAssertEqual(decoder.feed(scalar), []) }
        XCTAssertEqual(decoder.waitMilliseconds, KeyDecoder.sequenceWaitMilliseconds, "a sequence begun waits longer")
        XCTAssertEqual(decoder.flush(), [])
    }

    /// rxvt ends a shifted `~` key in `$` and a Ctrl one in `^`: the key, never a swallowed next key.
    @Test func test_rxvt_modifier_endings() {
        XCTAssertEqual(keys("\(esc)[2$a"), [.insert, .character("a")])
        XCTAssertEqual(keys("\(esc)[7$\(esc)[8^\(esc)[11^\(esc)[23$\(esc)[24@"), [.home, .end, .f(1), .f(11), .f(12)])
    }

    /// What each terminfo entry on this machine says the keys send (`infocmp -1 TERM`), decoded:
    /// xterm, xterm-256color, screen, screen-256color, tmux-256color, linux, vt220, rxvt.
    /// Skipped where `infocmp` or the entry is missing.
    @Test func test_every_key_terminfo_lists_decodes_to_its_key() throws {
        let capabilities: [String: Key] = [
            "khome": .home, "kend": .end, "kpp": .pageUp, "knp": .pageDown, "kich1": .insert, "kdch1": .delete,
            "kcuu1": .up, "kcud1": .down, "kcuf1": .right, "kcub1": .left, "kcbt": .backTab,
        ].merging((1...12).map { ("kf\($0)", Key.f($0)) }) { a, _ in a }
        guard let infocmp = ["/usr/bin/infocmp", "/bin/infocmp"].first(where: FileManager.default.isExecutableFile) else {
            try Test.cancel("no infocmp")
        }
        var checked = 0
        for term in ["xterm", "xterm-256color", "screen", "screen-256color", "tmux-256color", "linux", "vt220", "rxvt"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: infocmp)
            process.arguments = ["-1", term]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { continue }
            for line in output.split(separator: "\n") {
                let entry = line.trimmingCharacters(in: .whitespaces).dropLast()  // the trailing comma
                guard let eq = entry.firstIndex(of: "="), let key = capabilities[String(entry[..<eq])] else { continue }
                let sequence = Self.terminfoString(entry[entry.index(after: eq)...])
                // A cursor key in the keypad's "normal" mode sends CSI where terminfo lists SS3.
                var sent = [sequence]
                if sequence.hasPrefix(esc + "O") { sent.append(esc + "[" + sequence.dropFirst(2)) }
                for bytes in sent where bytes.count > 1 {
                    XCTAssertEqual(keys(bytes), [key], "\(term) \(entry)")
                    checked += 1
                }
            }
        }
        if checked == 0 { try Test.cancel("no terminfo entries") }
    }

    /// A terminfo string as bytes: `\E` is ESC, `^I` a control character, `\^` a caret.
    static func terminfoString(_ text: Substring) -> String {
        var out = ""
        var chars = text.makeIterator()
        while let c = chars.next() {
            if c == "\\", let next = chars.next() {
                out += next == "E" || next == "e" ? "\u{1B}" : String(next)
            } else if c == "^", let next = chars.next(), let v = next.asciiValue {
                out.unicodeScalars.append(Unicode.Scalar(v & 0x1F))
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Plain typing, Chinese from an input method, control keys and 8-bit CSI/SS3.
    @Test func test_characters_and_control_keys() {
        XCTAssertEqual(keys("a中\t\r\u{7F}\u{8}\u{15}"),
                       [.character("a"), .character("中"), .tab, .enter, .backspace, .backspace, .ctrl("u")])
        XCTAssertEqual(keys("\u{9B}5~\u{8F}P"), [.pageUp, .f(1)])
        XCTAssertEqual(KeyDecoder.decode(bytes: [0x1B, 0x5B, 0x31, 0x7E, 0xE4, 0xB8, 0xAD]), [.home, .character("中")])
    }

    /// A bracketed paste is one key, its text without escape sequences or controls.
    @Test func test_bracketed_paste() {
        XCTAssertEqual(keys("\(esc)[200~A0\r1\t2\u{7}\(esc)[201~x"), [.paste("A0\n1 2"), .character("x")])
        XCTAssertEqual(keys("\(esc)[200~中文"), [.paste("中文")], "a paste that stops without its end marker ends after the wait")
        var decoder = KeyDecoder()
        for scalar in "\u{1B}[200~ab".unicodeScalars { XCTAssertEqual(decoder.feed(scalar), []) }
        XCTAssertEqual(decoder.waitMilliseconds, KeyDecoder.pasteWaitMilliseconds)
    }
}
