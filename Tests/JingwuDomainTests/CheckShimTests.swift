import Testing
import JingwuTestSupport

/// Each function above records a failure when XCTest's would, and none when it would not.
@Suite struct CheckShimTests {
    struct Thrown: Error {}
    func throwing() throws -> Int { throw Thrown() }

    @Test func each_check_fails_when_xctests_would() {
        withKnownIssue { XCTFail("on purpose") }
        withKnownIssue { XCTAssertEqual(1, 2) }
        withKnownIssue { XCTAssertEqual(1.0, 1.1, accuracy: 0.01) }
        withKnownIssue { XCTAssertEqual(try throwing(), 1) }
        withKnownIssue { XCTAssertNotEqual("a", "a") }
        withKnownIssue { XCTAssertTrue(false) }
        withKnownIssue { XCTAssertTrue(try throwing() == 1) }
        withKnownIssue { XCTAssertFalse(true) }
        withKnownIssue { XCTAssertNil(Int?.some(1)) }
        withKnownIssue { XCTAssertNotNil(Int?.none) }
        withKnownIssue { XCTAssertGreaterThan(1, 1) }
        withKnownIssue { XCTAssertGreaterThanOrEqual(0, 1) }
        withKnownIssue { XCTAssertLessThan(1, 1) }
        withKnownIssue { XCTAssertLessThanOrEqual(2, 1) }
        withKnownIssue { XCTAssertThrowsError(1) }
        withKnownIssue { XCTAssertThrowsError(try throwing()) { _ in XCTFail("handler") } }
        withKnownIssue { _ = try XCTUnwrap(Int?.none) }
        withKnownIssue { XCTAssertNoThrow(try throwing()) }
    }

    @Test func each_check_passes_when_xctests_would() throws {
        XCTAssertEqual(1, 1)
        XCTAssertEqual(1.0, 1.001, accuracy: 0.01)
        XCTAssertNotEqual("a", "b")
        XCTAssertTrue(true)
        XCTAssertFalse(false)
        XCTAssertNil(Int?.none)
        XCTAssertNotNil(Int?.some(1))
        XCTAssertGreaterThan(2, 1)
        XCTAssertGreaterThanOrEqual(1, 1)
        XCTAssertLessThan(1, 2)
        XCTAssertLessThanOrEqual(1, 1)
        var handled = false
        XCTAssertThrowsError(try throwing()) { handled = $0 is Thrown }
        XCTAssertTrue(handled)
        XCTAssertEqual(try XCTUnwrap(Int?.some(3)), 3)
        XCTAssertNoThrow(1)
    }
}
