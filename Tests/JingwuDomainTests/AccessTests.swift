import CCrypto
import Foundation
import JingwuJournal
import JingwuResources
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Sign-in once an office has PINs, PIN events, failed sign-ins and access records.
@Suite(.serialized) final class AccessTests {
    let pin = "246810"

    /// A fixture where the officer and the auxiliary have PINs (set by themselves).
    func makeSignedFixture() throws -> Fixture {
        let f = try Fixture()
        try f.office.setPin(badge: Fixture.officer, pin: pin, as: Fixture.officer, iterations: 1_000)
        f.office.signOut()
        try f.office.signIn(badge: Fixture.officer, pin: pin)
        try f.office.setPin(badge: Fixture.auxiliary, pin: "135790", as: Fixture.officer, iterations: 1_000)
        return f
    }

    @Test func test_an_office_without_pins_writes_with_the_badge_alone() throws {
        let f = try Fixture()
        XCTAssertFalse(f.state.access.requiresSignIn)
        try f.run(ReportHazard(patrol: nil, cell: "C01", note: "无密码时照常"), as: Fixture.auxiliary)
    }

    @Test func test_once_any_pin_is_set_a_write_needs_the_operator_signed_in_and_writes_nothing_otherwise() throws {
        let f = try makeSignedFixture()
        XCTAssertTrue(f.state.access.requiresSignIn)
        let before = f.journal.fileBytes
        // The auxiliary has a PIN but did not sign in in this process.
        XCTAssertThrowsError(try f.run(ReportHazard(patrol: nil, cell: "C01", note: "x"), as: Fixture.auxiliary)) { error in
            XCTAssertEqual((error as? DomainError)?.reason, .signInRequired)
            XCTAssertEqual((error as? DomainError)?.field, "pin")
            XCTAssertEqual((error as? DomainError)?.exitCode, 77)
        }
        // The next officer has no PIN at all: a police officer must set one first.
        XCTAssertThrowsError(try f.run(ReportHazard(patrol: nil, cell: "C01", note: "x"), as: Fixture.nextOfficer)) {
            XCTAssertEqual(($0 as? DomainError)?.reason, .pinNotSet)
        }
        XCTAssertEqual(f.journal.fileBytes, before)
        try f.office.signIn(badge: Fixture.auxiliary, pin: "135790")
        try f.run(ReportHazard(patrol: nil, cell: "C01", note: "登录后可写"), as: Fixture.auxiliary)
        f.office.signOut(Fixture.auxiliary)
        XCTAssertThrowsError(try f.run(ReportHazard(patrol: nil, cell: "C01", note: "x"), as: Fixture.auxiliary))
    }

    @Test func test_a_wrong_pin_is_refused_without_naming_it() throws {
        let f = try makeSignedFixture()
        f.office.signOut()
        XCTAssertThrowsError(try f.office.signIn(badge: Fixture.officer, pin: "999999")) { error in
            let error = error as? DomainError
            XCTAssertEqual(error?.reason, .pinWrong)
            XCTAssertEqual(error?.field, "pin")
            for language in [Language.zh, .en] {
                let text = error?.localizedMessage(Strings(language)) ?? ""
                XCTAssertFalse(text.contains("999999"), text)
                XCTAssertFalse(text.contains(self.pin), text)
            }
        }
        XCTAssertFalse(f.office.signedIn.contains(Fixture.officer))
        XCTAssertThrowsError(try f.office.signIn(badge: "000000", pin: pin)) {
            XCTAssertEqual(($0 as? DomainError)?.reason, .operatorUnknown)
        }
    }

    @Test func test_first_set_change_and_reset_are_three_events_and_the_new_pin_works() throws {
        let f = try makeSignedFixture()
        XCTAssertEqual(f.journal.lastTypes(2), ["PinSet", "PinSet"], "set-up wrote two first PINs")
        try f.office.setPin(badge: Fixture.officer, pin: "112358", as: Fixture.officer, iterations: 1_000)
        XCTAssertEqual(f.journal.lastTypes(1), ["PinChanged"])
        try f.office.setPin(badge: Fixture.auxiliary, pin: "314159", as: Fixture.officer, iterations: 1_000)
        XCTAssertEqual(f.journal.lastTypes(1), ["PinReset"])
        f.office.signOut()
        XCTAssertThrowsError(try f.office.signIn(badge: Fixture.officer, pin: pin))
        try f.office.signIn(badge: Fixture.officer, pin: "112358")
        try f.office.signIn(badge: Fixture.auxiliary, pin: "314159")
        XCTAssertThrowsError(try f.run(VoidEntry(event: try XCTUnwrap(f.journal.lastRecord?.id), reason: "x"))) {
            XCTAssertEqual(($0 as? DomainError)?.reason, .notVoidable)
        }
    }

    @Test func test_a_pin_must_be_six_to_twelve_digits() {
        for bad in ["12345", "1234567890123", "12345a", "", "１２３４５６"] {
            XCTAssertThrowsError(try Pin.derive(bad, iterations: 1_000)) { error in
                XCTAssertEqual((error as? DomainError)?.reason, .pinFormat)
                XCTAssertEqual((error as? DomainError)?.value, "")
            }
        }
        XCTAssertNoThrow(try Pin.derive("123456", iterations: 1_000))
        XCTAssertNoThrow(try Pin.derive("123456789012", iterations: 1_000))
    }

    @Test func test_no_pin_appears_in_the_journal_bytes_only_its_salted_hash() throws {
        let f = try makeSignedFixture()
        try f.office.setPin(badge: Fixture.officer, pin: "97531864", as: Fixture.officer, iterations: 1_000)
        try f.office.recordSignInFailure(badge: Fixture.auxiliary, attempt: 1)
        let text = String(decoding: f.journal.fileBytes, as: UTF8.self)
        for secret in [pin, "135790", "97531864"] {
            XCTAssertFalse(text.contains(secret), "PIN \(secret) is in the journal")
        }
        let stored = try XCTUnwrap(f.state.access.pins[Fixture.officer])
        XCTAssertEqual(stored.alg, "pbkdf2-sha256")
        XCTAssertEqual(stored.salt.count, 32)
        XCTAssertEqual(stored.hash.count, 64)
        XCTAssertTrue(text.contains(stored.hash))
        XCTAssertNotEqual(f.state.access.pins[Fixture.auxiliary]?.salt, stored.salt, "every hash has its own salt")
    }

    @Test func test_a_failed_sign_in_is_an_event_by_the_badge_typed_without_the_pin() throws {
        let f = try makeSignedFixture()
        f.office.signOut()
        let record = try XCTUnwrap(try f.office.recordSignInFailure(badge: Fixture.auxiliary, attempt: 3))
        XCTAssertEqual(record.type, "SignInFailed")
        XCTAssertEqual(record.by, Fixture.auxiliary)
        XCTAssertEqual(f.state.access.failures(of: Fixture.auxiliary).map(\.attempt), [3])
        XCTAssertEqual(f.state.author(of: record.id), Fixture.auxiliary)
    }

    @Test func test_access_records_keep_who_what_and_which_persons() throws {
        let f = try makeSignedFixture()
        try f.run(RecordAccess(kind: .export, subject: "report visits", format: "md", persons: ["k0001", "K0001", "K0002"],
                               destination: "visits.md"))
        let record = try XCTUnwrap(f.state.access.records.last)
        XCTAssertEqual(record.by, Fixture.officer)
        XCTAssertEqual(record.kind, .export)
        XCTAssertEqual(record.persons, ["K0001", "K0002"])
        XCTAssertEqual(record.at, f.clock.now())
        XCTAssertThrowsError(try f.run(RecordAccess(kind: .print, subject: "D2026-0001"), at: "2026-11-22T08:00:00+08:00",
                                       reason: "补"))
    }

    @Test func test_access_state_survives_a_checkpoint_round_trip() throws {
        let f = try makeSignedFixture()
        try f.office.recordSignInFailure(badge: "031299", attempt: 1)
        try f.run(RecordAccess(kind: .print, subject: "D2026-0001", format: "md"))
        let restored = try f.state.checkpointBytes().withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(restored, f.state)
        XCTAssertEqual(restored.access.pins, f.state.access.pins)
        XCTAssertEqual(restored.access.records.count, 1)
    }

    @Test func test_pbkdf2_matches_the_published_test_vector() throws {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64 (first 32 bytes here).
        let key = Pin.pbkdf2("passwd", salt: Array("salt".utf8), iterations: 1, length: 64)
        XCTAssertEqual(Pin.hex(Array(key.prefix(32))), "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        let hash = try Pin.derive("123456", iterations: 1_000)
        XCTAssertTrue(Pin.verify("123456", against: hash))
        XCTAssertFalse(Pin.verify("123457", against: hash))
    }

    @Test func test_pbkdf2_matches_the_rfc_7914_vector_of_80000_rounds() {
        // RFC 7914 §11: P="Password", S="NaCl", c=80000, dkLen=64.
        let key = Pin.pbkdf2("Password", salt: Array("NaCl".utf8), iterations: 80_000, length: 64)
        XCTAssertEqual(Pin.hex(key), "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                       + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
    }

    @Test func test_pbkdf2_gives_the_bytes_of_libcrypto_for_any_lengths() {
        var generator = SystemRandomNumberGenerator()
        for passwordLength in [0, 1, 6, 12, 63, 64, 65, 100] {
            for (saltLength, length) in [(0, 32), (1, 1), (16, 31), (16, 33), (20, 64), (70, 100)] {
                let password = String((0..<passwordLength).map { _ in Character(UnicodeScalar(UInt8.random(in: 48...57))) })
                let salt = (0..<saltLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let iterations = Int.random(in: 1...7)
                var expected = [UInt8](repeating: 0, count: length)
                let bytes = Array(password.utf8)
                _ = bytes.withUnsafeBufferPointer { p in
                    salt.withUnsafeBufferPointer { s in
                        expected.withUnsafeMutableBufferPointer { o in
                            PKCS5_PBKDF2_HMAC(p.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                              Int32(p.count), s.baseAddress, Int32(s.count), Int32(iterations), EVP_sha256(),
                                              Int32(length), o.baseAddress)
                        }
                    }
                }
                XCTAssertEqual(Pin.pbkdf2(password, salt: salt, iterations: iterations, length: length), expected,
                               "password \(passwordLength) bytes, salt \(saltLength), \(iterations) rounds, \(length) out")
            }
        }
    }

    @Test func test_failure_delays_grow_and_the_last_one_repeats() {
        let policy = AccessPolicy(idleSeconds: 300, failureDelays: [0, 0, 2, 5], pinIterations: 1_000)
        XCTAssertEqual((0...6).map { policy.delay(afterFailures: $0) }, [0, 0, 0, 2, 5, 5, 5])
        XCTAssertEqual(AccessPolicy.load().idleSeconds, 300)
    }
}

extension MemoryJournal {
    /// Types of the last `n` records.
    func lastTypes(_ n: Int) -> [String] {
        var types: [String] = []
        try? replay(from: 1) { types.append($0.type) }
        return Array(types.suffix(n))
    }

    var lastRecord: JournalRecord? {
        var last: JournalRecord?
        try? replay(from: 1) { last = $0 }
        return last
    }
}
