import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

/// Lets a PIN wait pass without waiting: every time in the side file `<journal>.pin-failures`
/// is moved `seconds` into the past, as if the tries had come that much earlier. The throttle
/// reads the system clock (never `--now`), so a test that wants "after the wait" either sleeps
/// through it or makes the recorded tries older; this does the second. The file is rewritten in
/// place (same inode, one link, 0600), so the throttle still trusts it.
func movePinFailuresBack(journal path: String, by seconds: TimeInterval, file: StaticString = #filePath, line: UInt = #line) {
    let side = path + PinThrottle.suffix
    guard let text = FileManager.default.contents(atPath: side).map({ String(decoding: $0, as: UTF8.self) }) else {
        return XCTFail("no \(side)", file: file, line: line)
    }
    var moved = 0
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        let fields = line.split(separator: " ")
        guard fields.count == 3, let time = Double(fields[2]) else { return String(line) }
        moved += 1
        return "\(fields[0]) \(fields[1]) \(String(format: "%.3f", time - seconds))"
    }
    XCTAssertGreaterThan(moved, 0, "no try in \(side)", file: file, line: line)
    let fd = open(side, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return XCTFail("cannot open \(side): errno \(errno)", file: file, line: line) }
    defer { close(fd) }
    let bytes = Array(lines.joined(separator: "\n").utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    XCTAssertEqual(written, bytes.count, file: file, line: line)
}
