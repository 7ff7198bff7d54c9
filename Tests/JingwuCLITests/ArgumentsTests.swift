import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuCLI

@Suite(.serialized) final class ArgumentsTests {
    @Test func test_global_options_are_taken_from_anywhere_on_the_line() throws {
        let (global, words, pairs) = try ArgumentParser.split(
            ["patrol", "--json", "start", "--mode", "foot", "--lang=en", "--journal", "/tmp/j", "--lead", "1001"])
        XCTAssertTrue(global.json)
        XCTAssertEqual(global.lang, "en")
        XCTAssertEqual(global.journal, "/tmp/j")
        XCTAssertEqual(words, ["patrol", "start"])
        XCTAssertEqual(pairs.map { $0.0 }, ["mode", "lead"])
        XCTAssertEqual(pairs.map { $0.1 }, ["foot", "1001"])
    }

    @Test func test_unknown_option_is_a_usage_error_naming_it() {
        let output = CapturedOutput()
        let status = CLI.run(["help", "--bogus", "x"], environment: ["JINGWU_LANG": "en"], output: output)
        XCTAssertEqual(status, ExitCode.usage)
        XCTAssertTrue(output.stderr.contains("--bogus"), output.stderr)
    }

    @Test func test_unknown_command_names_the_words_in_chinese_by_default() {
        let output = CapturedOutput()
        let status = CLI.run(["frobnicate"], environment: [:], output: output)
        XCTAssertEqual(status, ExitCode.usage)
        XCTAssertTrue(output.stderr.contains("没有这个命令：frobnicate"), output.stderr)
    }

    @Test func test_every_cli_string_exists_in_both_languages() {
        let zh = Strings(.zh).keys.filter { $0.hasPrefix("cli.") }
        let en = Strings(.en).keys.filter { $0.hasPrefix("cli.") }
        XCTAssertEqual(zh, en)
        XCTAssertFalse(zh.isEmpty)
    }
}

@Suite(.serialized) final class HelpGroupTests {
    @Test func test_help_with_a_group_word_lists_only_that_groups_commands() {
        let output = CapturedOutput()
        XCTAssertEqual(CLI.run(["help", "dispute"], environment: [:], output: output), ExitCode.ok)
        XCTAssertTrue(output.stdout.contains("jingwu dispute resolve"), output.stdout)
        XCTAssertFalse(output.stdout.contains("jingwu patrol start"), output.stdout)
        let unknown = CapturedOutput()
        XCTAssertEqual(CLI.run(["help", "bogus"], environment: [:], output: unknown), ExitCode.usage)
    }
}

@Suite(.serialized) final class TimeArgumentTests {
    @Test func test_times_read_as_an_officer_types_them_in_the_offices_zone() {
        let now = RFC3339.parse("2026-11-23T10:00:00+08:00")!
        XCTAssertEqual(TimeArgument.parse("09:30", now: now), RFC3339.parse("2026-11-23T09:30+08:00"))
        XCTAssertEqual(TimeArgument.parse("-30m", now: now), RFC3339.parse("2026-11-23T09:30+08:00"))
        XCTAssertEqual(TimeArgument.parse("-2h", now: now), RFC3339.parse("2026-11-23T08:00+08:00"))
        XCTAssertEqual(TimeArgument.parse("2026-11-20", now: now), RFC3339.parse("2026-11-20T00:00+08:00"))
        XCTAssertEqual(TimeArgument.parse("2026-11-20 07:15", now: now), RFC3339.parse("2026-11-20T07:15+08:00"))
        XCTAssertNil(TimeArgument.parse("yesterday", now: now))
        XCTAssertNil(TimeArgument.parse("25:00", now: now))
        XCTAssertNil(TimeArgument.parse("-3w", now: now))
    }
}
