import Foundation
import XCTest
@testable import JingwuConsole
@testable import JingwuDomain

/// Issue 14: a resource folder (`JINGWU_RESOURCES`) or a variable cannot weaken PIN hashing
/// or keep the console unlocked longer than its ceiling.
///
/// The one XCTest class left in this module: it sets `JINGWU_RESOURCES`, the process's own
/// environment, which every test running beside it would read (the module's other tests run under
/// Swift Testing, side by side in one process). `swift test` runs XCTest's tests first, one at a
/// time, in a process of their own. Its assertions are XCTest's own (it does not import the other
/// tests' `JingwuTestSupport`, whose functions bear the same names).
final class SecurityFloorTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "jingwu-floor-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/policy", withIntermediateDirectories: true)
    }

    override func tearDown() {
        unsetenv("JINGWU_RESOURCES")
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func policy(_ json: String) throws -> AccessPolicy {
        try Data(json.utf8).write(to: URL(fileURLWithPath: dir + "/policy/access.json"))
        setenv("JINGWU_RESOURCES", dir, 1)
        defer { unsetenv("JINGWU_RESOURCES") }
        return AccessPolicy.load()
    }

    func test_an_override_cannot_lower_the_pbkdf2_rounds_but_may_raise_them() throws {
        XCTAssertEqual(try policy(#"{"pinIterations": {"value": 1000}}"#).pinIterations, 100_000)
        XCTAssertEqual(try policy(#"{"pinIterations": 99999}"#).pinIterations, 100_000)
        XCTAssertEqual(try policy(#"{"pinIterations": 200000}"#).pinIterations, 200_000)
        // The hash written for a new PIN takes the floor too.
        let iterations = try policy(#"{"pinIterations": 1}"#).pinIterations
        XCTAssertEqual(try Pin.derive("246810", iterations: iterations).iterations, 100_000)
    }

    func test_an_override_or_the_variable_cannot_raise_the_idle_lock_but_may_shorten_it() throws {
        XCTAssertEqual(try policy(#"{"idleSeconds": 86400}"#).idleSeconds, 300)
        XCTAssertEqual(try policy(#"{"idleSeconds": 60}"#).idleSeconds, 60)
        XCTAssertEqual(IdleLock.configuredTimeout(environment: ["JINGWU_IDLE_SECONDS": "86400"]), 300)
        XCTAssertEqual(IdleLock.configuredTimeout(environment: ["JINGWU_IDLE_SECONDS": "inf"]), 300)
        XCTAssertEqual(IdleLock.configuredTimeout(environment: ["JINGWU_IDLE_SECONDS": "3"]), 3)
        let long = AccessPolicy(idleSeconds: 3600, failureDelays: [0], pinIterations: 100_000)
        XCTAssertEqual(IdleLock.configuredTimeout(environment: [:], policy: long), 300)
    }
}
