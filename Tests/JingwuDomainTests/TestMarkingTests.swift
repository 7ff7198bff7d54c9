import Foundation
import JingwuTestSupport
import Testing

/// In the test modules that run under Swift Testing, a `func test_…` without `@Test` compiles and
/// never runs: nothing would say so. (Session 13: a test written the XCTest way and merged into a
/// converted module sat there unrun until this check.) Every one must be marked, on its line or
/// the line before (where a trait such as `.initialisedStation` makes the line long). A file whose
/// class is an `XCTestCase` (one that sets a process environment variable, run by XCTest in a
/// process of its own: `SecurityFloorTests`) is XCTest's, and its tests need no mark.
@Suite(.serialized) final class TestMarkingTests {
    static let modules = ["JingwuDomainTests", "JingwuJournalTests", "JingwuCLITests", "JingwuStationTests",
                          "JingwuConsoleTests", "JingwuTerminalTests"]

    @Test func test_every_test_function_in_the_swift_testing_modules_is_marked_test() throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        var unmarked: [String] = []
        var seen = 0
        var xctest: [String] = []
        for module in Self.modules {
            let folder = tests.appendingPathComponent(module)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
            for file in files.sorted() {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                if text.range(of: #"(?m)^final class \w+: XCTestCase \{"#, options: .regularExpression) != nil {
                    xctest.append("\(module)/\(file)")
                    continue
                }
                var previous = ""
                for (n, line) in text.components(separatedBy: "\n").enumerated() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if trimmed.range(of: #"^(@Test(\(.*\))? )?func test_"#, options: .regularExpression) != nil {
                        seen += 1
                        if !trimmed.hasPrefix("@Test") && !previous.hasPrefix("@Test") {
                            unmarked.append("\(module)/\(file):\(n + 1)")
                        }
                    }
                    if !trimmed.isEmpty { previous = trimmed }
                }
            }
        }
        #expect(seen > 900, "the test sources were not found under \(tests.path)")
        #expect(xctest == ["JingwuConsoleTests/SecurityFloorTests.swift"], "XCTest files: \(xctest)")
        #expect(unmarked == [], "func test_ without @Test (never run): \(unmarked)")
    }
}
