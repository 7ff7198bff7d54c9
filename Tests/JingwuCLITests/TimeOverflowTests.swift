import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuCLI

/// Issue 14: no time argument, however large, traps; out of range is the field's error.
@Suite(.serialized) final class TimeOverflowTests {
    private let now = RFC3339.parse("2026-11-23T10:00:00+08:00")!

    @Test func test_huge_relative_amounts_and_many_digits_give_nil_never_a_trap() {
        let refused = [
            "-9223372036854775807m", "-9223372036854775807h", "-9223372036854775807d", "-9223372036854775808m",
            "-153722867280912931m", "-106751991167301d", "-99999999999999999999999999999d",
            "-" + String(repeating: "9", count: 400) + "m", "-3000000d", "-5259600000m", "--5m", "-+5m", "- 5m",
            "-５m", "-m", "-", "-0x10m",
        ]
        for text in refused {
            XCTAssertNil(TimeArgument.parse(text, now: now), text)
        }
        // The largest amounts still inside the years 0001–9999 are accepted.
        XCTAssertNotNil(TimeArgument.parse("-700000d", now: now))
        XCTAssertNotNil(TimeArgument.parse("-0m", now: now))
    }

    @Test func test_absolute_times_outside_the_journals_years_are_refused() {
        XCTAssertNil(TimeArgument.parse("0000-01-01", now: now))
        XCTAssertNil(TimeArgument.parse("0001-01-01T00:00Z", now: now))
        XCTAssertNil(TimeArgument.parse("9999-12-31T23:59:59Z", now: now))
        XCTAssertNotNil(TimeArgument.parse("0001-01-03", now: now))
        XCTAssertNotNil(TimeArgument.parse("9999-12-01", now: now))
    }

    @Test func test_relative_times_from_a_now_at_the_edge_of_time_are_refused() {
        let early = RFC3339.parse("0001-01-02T00:00:00Z")!
        XCTAssertNil(TimeArgument.parse("-2d", now: early))
        XCTAssertNil(TimeArgument.parse("09:30", now: RFC3339.parse("0000-06-01T00:00:00Z")!))
        XCTAssertNil(TimeArgument.parse("-1m", now: Date(timeIntervalSince1970: .infinity)))
        XCTAssertNil(TimeArgument.parse("-1m", now: Date(timeIntervalSince1970: 1e300)))
    }

    @Test func test_the_command_line_refuses_an_overflowing_time_with_the_fields_error_and_writes_nothing() throws {
        let dir = NSTemporaryDirectory() + "jingwu-time-overflow-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/journal.jsonl"
        _ = try FileJournal.create(path: path, station: "花园派出所", office: "戴花园警务室")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let output = CapturedOutput()
        for args in [
            ["log", "--since", "-9223372036854775807m"], ["log", "--until", "-9223372036854775807d"],
            ["report", "patrols", "--from", "-9223372036854775807h"], ["report", "bulletin", "--to", "-99999999999999999999d"],
            ["officer", "add", "--badge", "031245", "--name", "王建国", "--role", "police", "--as", "031245",
             "--at", "-9223372036854775807m", "--at-reason", "补录"],
        ] {
            let code = CLI.run(["--journal", path] + args, environment: [:], output: output)
            XCTAssertTrue(code == 64 || code == 65, "\(args): exit \(code)")
        }
        // --now outside the journal's years is refused too (a usage error naming it).
        for now in ["0000-01-01T00:00Z", "0001-01-01T00:00Z", "9999-12-31T23:59:59Z", "99999-01-01T00:00"] {
            XCTAssertEqual(CLI.run(["--journal", path, "--now", now, "log"], environment: [:], output: output), 64, now)
        }
        XCTAssertEqual(CLI.run(["--journal", path, "--now", "9999-12-01T00:00Z", "log"], environment: [:], output: output), 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }
}
