import Foundation
import Testing
import XCTest

// The test modules run under Swift Testing (`@Suite`, `@Test`), which `swift test` runs after
// XCTest's and, unlike XCTest on Linux, in parallel in one process: each suite `.serialized` (its
// tests one at a time, in their own folders, as under XCTest), suites side by side, two at a time
// on two cores. They were written against XCTest's assertions, and Swift Testing does not see
// those (an `XCTAssertEqual` that fails inside a `@Test` fails nothing). These functions, by
// XCTest's names and with its arguments (so a helper passing `file:line:` on works as before),
// record a Swift Testing issue where XCTest would record a failure, at the caller's file and line.
// A test file imports this module and Testing, not XCTest (both would declare the names); the
// one XCTest file, `SecurityFloorTests`, imports XCTest only. `CheckShimTests`
// (JingwuDomainTests) holds each of them to failing when it should (and not otherwise).

/// `file:line:` as Swift Testing's source location (its file id: the test module's folder and the file).
func sourceLocation(_ file: StaticString, _ line: UInt) -> SourceLocation {
    let path = "\(file)"
    let id = path.split(separator: "/").suffix(2).joined(separator: "/")
    return SourceLocation(fileID: id.isEmpty ? path : id, filePath: path, line: Int(line), column: 1)
}

/// Records a failure as XCTest words it: what failed, then ` - ` and the caller's message if any.
/// Outside a Swift Testing test (an XCTest test in this module, say one a merge brought in with its
/// own `import XCTest`, whose assertions these functions shadow) it is an XCTest failure instead:
/// an `Issue` recorded there would fail nothing.
public func recordFailure(_ what: String, _ message: String, _ file: StaticString, _ line: UInt) {
    guard Test.current != nil else {
        // XCTest's own XCTAssert (not shadowed here): always fails, with this text.
        XCTAssert(false, message.isEmpty ? what : what + " - " + message, file: file, line: line)
        return
    }
    Issue.record(Comment(rawValue: message.isEmpty ? what : what + " - " + message), sourceLocation: sourceLocation(file, line))
}

/// Evaluates `body`; an error it throws is a failure (as in XCTest's assertions, never rethrown).
private func checking(_ name: String, _ message: () -> String, _ file: StaticString, _ line: UInt,
                      _ body: () throws -> String?) {
    do {
        if let failure = try body() { recordFailure(name + " failed: " + failure, message(), file, line) }
    } catch {
        recordFailure(name + " threw error \"\(error)\"", message(), file, line)
    }
}

public func XCTFail(_ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    recordFailure("failed", message, file, line)
}

public func XCTAssertEqual<T: Equatable>(_ expression1: @autoclosure () throws -> T, _ expression2: @autoclosure () throws -> T,
                                  _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    checking("XCTAssertEqual", message, file, line) {
        let (a, b) = (try expression1(), try expression2())
        return a == b ? nil : "(\"\(a)\") is not equal to (\"\(b)\")"
    }
}

public func XCTAssertEqual<T: FloatingPoint>(_ expression1: @autoclosure () throws -> T, _ expression2: @autoclosure () throws -> T,
                                      accuracy: T, _ message: @autoclosure () -> String = "", file: StaticString = #filePath,
                                      line: UInt = #line) {
    checking("XCTAssertEqual", message, file, line) {
        let (a, b) = (try expression1(), try expression2())
        return abs(a - b) <= accuracy ? nil : "(\"\(a)\") is not equal to (\"\(b)\") +/- (\"\(accuracy)\")"
    }
}

public func XCTAssertNotEqual<T: Equatable>(_ expression1: @autoclosure () throws -> T, _ expression2: @autoclosure () throws -> T,
                                     _ message: @autoclosure () -> String = "", file: StaticString = #filePath,
                                     line: UInt = #line) {
    checking("XCTAssertNotEqual", message, file, line) {
        let (a, b) = (try expression1(), try expression2())
        return a != b ? nil : "(\"\(a)\") is equal to (\"\(b)\")"
    }
}

public func XCTAssertTrue(_ expression: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String = "",
                   file: StaticString = #filePath, line: UInt = #line) {
    checking("XCTAssertTrue", message, file, line) { try expression() ? nil : "" }
}

public func XCTAssertFalse(_ expression: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    checking("XCTAssertFalse", message, file, line) { try expression() ? "" : nil }
}

public func XCTAssertNil(_ expression: @autoclosure () throws -> Any?, _ message: @autoclosure () -> String = "",
                  file: StaticString = #filePath, line: UInt = #line) {
    checking("XCTAssertNil", message, file, line) {
        guard let value = try expression() else { return nil }
        return "\"\(value)\""
    }
}

public func XCTAssertNotNil(_ expression: @autoclosure () throws -> Any?, _ message: @autoclosure () -> String = "",
                     file: StaticString = #filePath, line: UInt = #line) {
    checking("XCTAssertNotNil", message, file, line) { try expression() == nil ? "" : nil }
}

public func XCTAssertGreaterThan<T: Comparable>(_ expression1: @autoclosure () throws -> T, _ expression2: @autoclosure () throws -> T,
                                         _ message: @autoclosure () -> String = "", file: StaticString = #filePath,
                                         line: UInt = #line) {
    checking("XCTAssertGreaterThan", message, file, line) {
        let (a, b) = (try expression1(), try expression2())
        return a > b ? nil : "(\"\(a)\") is not greater than (\"\(b)\")"
    }
}

public func XCTAssertGreaterThanOrEqual<T: Comparable>(_ expression1: @autoclosure () throws -> T,
                                                _ expression2: @autoclosure () throws -> T,
                                                _ message: @autoclosure () -> String = "", file: StaticString = #filePath,
                                                line: UInt = #line) {
    checking("XCTAssertGreaterThanOrEqual", message, file, line) {
        let (a, b) = (try expression1(), try expression2())
        return a >= b ? nil : "(\"\(a)\") is less than (\"\(b)\")"
    }
}

public func XCTAssertLessThan<T: Comparable>(_ expression1: @autoclosure () throws -> T, _ expression2: @autoclosure () throws -> T,
                                      _ message: @autoclosure () -> String = "", file: StaticString = #filePath,
                                      line: UInt = #line) {
    checking("XCTAssertLessThan", message, file, line) {
        let (a, b) = (try expression1(), try expression2())
        return a < b ? nil : "(\"\(a)\") is not less than (\"\(b)\")"
    }
}

public func XCTAssertLessThanOrEqual<T: Comparable>(_ expression1: @autoclosure () throws -> T,
                                             _ expression2: @autoclosure () throws -> T,
                                             _ message: @autoclosure () -> String = "", file: StaticString = #filePath,
                                             line: UInt = #line) {
    checking("XCTAssertLessThanOrEqual", message, file, line) {
        let (a, b) = (try expression1(), try expression2())
        return a <= b ? nil : "(\"\(a)\") is greater than (\"\(b)\")"
    }
}

public func XCTAssertNoThrow<T>(_ expression: @autoclosure () throws -> T, _ message: @autoclosure () -> String = "",
                         file: StaticString = #filePath, line: UInt = #line) {
    checking("XCTAssertNoThrow", message, file, line) {
        _ = try expression()
        return nil
    }
}

/// A failure when `expression` throws nothing; else `errorHandler` looks at what it threw.
public func XCTAssertThrowsError<T>(_ expression: @autoclosure () throws -> T, _ message: @autoclosure () -> String = "",
                             file: StaticString = #filePath, line: UInt = #line, _ errorHandler: (_ error: any Error) -> Void = { _ in }) {
    do {
        _ = try expression()
        recordFailure("XCTAssertThrowsError failed: did not throw an error", message(), file, line)
    } catch {
        errorHandler(error)
    }
}

/// XCTUnwrap's failure, thrown after it is recorded (the test stops there, as in XCTest).
public struct UnwrapFailed: Error, CustomStringConvertible {
    public var description: String { "XCTUnwrap found nil" }
}

public func XCTUnwrap<T>(_ expression: @autoclosure () throws -> T?, _ message: @autoclosure () -> String = "",
                  file: StaticString = #filePath, line: UInt = #line) throws -> T {
    if let value = try expression() { return value }
    recordFailure("XCTUnwrap failed: expected non-nil value of type \"\(T.self)\"", message(), file, line)
    throw UnwrapFailed()
}
