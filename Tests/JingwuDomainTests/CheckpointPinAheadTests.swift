import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// A PIN given up front is derived from the checkpoint's stored hash while the checkpoint is
/// decoded and checked (`PinAhead`), and the sign-in that follows decides exactly as without it.
@Suite(.serialized) final class CheckpointPinAheadTests {
    let pin = "246810"

    /// A journal where 031245 (police) and F1021 (auxiliary) have PINs, with a checkpoint.
    func makeCheckpointed() throws -> CheckpointFixture {
        let f = try CheckpointFixture()
        try f.populate()
        try f.office.setPin(badge: "031245", pin: pin, as: "031245", iterations: 1_000)
        try f.office.setPin(badge: "F1021", pin: "135790", as: "031245", iterations: 1_000)
        XCTAssertTrue(try f.office.saveCheckpoint())
        return f
    }

    @Test func test_the_pin_is_derived_while_the_checkpoint_opens_and_signs_in_as_without_it() throws {
        let f = try makeCheckpointed()
        for mapped in [true, false] {
            let ahead = PinAhead(badge: " f1021 ", pin: "135790", maxIterations: 100_000)
            let office = try Office.open(path: f.path, clock: f.clock, policy: .standard, mapCheckpoint: mapped,
                                         pinAhead: ahead)
            guard case .loaded = office.checkpointUse else { return XCTFail("opened from the checkpoint") }
            XCTAssertTrue(ahead.isStarted, "started from the checkpoint's stored hash (typed badge matched as sign-in does)")
            let stored = try XCTUnwrap(office.state.access.pins["F1021"])
            XCTAssertNotNil(ahead.derived("135790", for: stored), "derived for exactly the stored salt and count")
            XCTAssertNil(ahead.derived("135791", for: stored), "never for another PIN")
            XCTAssertThrowsError(try office.signIn(badge: "F1021", pin: "135791")) { error in
                XCTAssertEqual((error as? DomainError)?.reason, .pinWrong)
            }
            XCTAssertEqual(try office.signIn(badge: "F1021", pin: "135790").badge, "F1021")
            XCTAssertThrowsError(try office.signIn(badge: "031245", pin: "135790"), "another officer's hash: derived as before")
            XCTAssertEqual(try office.signIn(badge: "031245", pin: pin).badge, "031245")
        }
    }

    @Test func test_nothing_is_started_without_a_stored_hash_a_checkpoint_or_above_the_policys_rounds() throws {
        let f = try makeCheckpointed()
        let unknown = PinAhead(badge: "031288", pin: pin, maxIterations: 100_000)  // enrolled, no PIN
        _ = try Office.open(path: f.path, clock: f.clock, policy: .standard, mapCheckpoint: true, pinAhead: unknown)
        XCTAssertFalse(unknown.isStarted)
        let tooMany = PinAhead(badge: "031245", pin: pin, maxIterations: 999)
        let office = try Office.open(path: f.path, clock: f.clock, policy: .standard, mapCheckpoint: true, pinAhead: tooMany)
        XCTAssertFalse(tooMany.isStarted, "1,000 rounds stored, 999 allowed")
        XCTAssertEqual(try office.signIn(badge: "031245", pin: pin).badge, "031245")
        let replayed = PinAhead(badge: "031245", pin: pin, maxIterations: 100_000)
        let full = try Office.open(path: f.path, clock: f.clock, policy: .standard, useCheckpoint: false, pinAhead: replayed)
        XCTAssertFalse(replayed.isStarted, "no checkpoint: derived at sign-in")
        XCTAssertEqual(try full.signIn(badge: "031245", pin: pin).badge, "031245")
    }

    /// The derivation starts from bytes not yet authenticated: a salt other than the checked
    /// state's (a forged or stale checkpoint) is never used for the check.
    @Test func test_a_derivation_for_another_salt_or_count_is_not_used() throws {
        let real = try Pin.derive(pin, iterations: 1_000)
        let otherSalt = try Pin.derive(pin, iterations: 1_000)
        let otherCount = try Pin.derive(pin, iterations: 1_001, salt: Pin.bytes(hex: real.salt))
        for planted in [otherSalt, otherCount] {
            let ahead = PinAhead(badge: "031245", pin: pin, maxIterations: 100_000)
            ahead.start(pins: [("031245", planted)])
            XCTAssertTrue(ahead.isStarted)
            XCTAssertNil(ahead.derived(pin, for: real))
            XCTAssertTrue(Pin.verify(pin, against: real, ahead: ahead), "the right PIN still signs in")
            XCTAssertFalse(Pin.verify("135790", against: real, ahead: ahead))
            XCTAssertNotNil(ahead.derived(pin, for: planted))
        }
        // Once started, later starts change nothing.
        let ahead = PinAhead(badge: "031245", pin: pin, maxIterations: 100_000)
        ahead.start(pins: [("031245", real)])
        ahead.start(pins: [("031245", otherSalt)])
        XCTAssertNotNil(ahead.derived(pin, for: real))
        XCTAssertNil(ahead.derived(pin, for: otherSalt))
    }
}
