import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The fold re-checks authority: an entry its author could not have written when it was
/// written (a forged journal whose chain was recomputed) is kept, listed, and grants nothing.
@Suite(.serialized) final class ReplayAuthorityTests {
    /// An office with PINs (the officer's and the auxiliary's), signed in as the officer.
    private func signedFixture() throws -> Fixture {
        let f = try Fixture()
        try f.office.setPin(badge: Fixture.officer, pin: "246810", as: Fixture.officer, iterations: 1_000)
        f.office.signOut()
        try f.office.signIn(badge: Fixture.officer, pin: "246810")
        try f.office.setPin(badge: Fixture.auxiliary, pin: "135790", as: Fixture.officer, iterations: 1_000)
        return f
    }

    /// Appends `payloads` as `by` straight to the journal, with no check at all: what someone
    /// holding the file can do (the chain is recomputed by the journal itself).
    @discardableResult
    private func forge(_ f: Fixture, by: String, _ payloads: [any EventPayload]) throws -> [JournalRecord] {
        try f.journal.append { _ in
            try payloads.map { try EventRegistry.draft($0, at: f.clock.now(), by: by) }
        }
    }

    /// A fresh office folded from the fixture's journal (what the next command sees).
    private func replay(_ f: Fixture) throws -> Office {
        try Office(journal: f.journal, clock: f.clock, policy: .standard)
    }

    @Test func test_an_auxiliarys_forged_enrolment_and_pin_for_another_officer_grant_nothing_and_are_listed() throws {
        let f = try signedFixture()
        let forgedPin = try Pin.derive("999999", iterations: 1_000)
        let records = try forge(f, by: Fixture.auxiliary, [
            OfficerEnrolled(badge: "066666", name: "假民警", role: .police),
            PinSet(badge: Fixture.officer, pin: forgedPin),
            PinReset(badge: Fixture.nextOfficer, pin: forgedPin),
        ])
        let office = try replay(f)
        XCTAssertNil(office.state.officers.officer("066666"), "the forged enrolment took effect")
        XCTAssertFalse(office.state.access.hasPin(Fixture.nextOfficer), "the forged PIN reset took effect")
        XCTAssertThrowsError(try office.signIn(badge: Fixture.officer, pin: "999999"), "the forged PIN signs in")
        XCTAssertNoThrow(try office.signIn(badge: Fixture.officer, pin: "246810"), "the real PIN no longer works")
        XCTAssertEqual(office.state.access.unauthorized.map(\.seq), records.map(\.seq))
        XCTAssertEqual(office.state.access.unauthorized.map(\.action), ["enrol-officer", "reset-pin", "reset-pin"])
        XCTAssertEqual(Set(office.state.access.unauthorized.map(\.by)), [Fixture.auxiliary])
        XCTAssertEqual(office.state.access.unauthorized.map(\.type), ["OfficerEnrolled", "PinSet", "PinReset"])
        // The forged officer cannot write: not on the roster.
        let before = f.journal.fileBytes
        XCTAssertThrowsError(try office.execute(ReportHazard(patrol: nil, cell: "C01", note: "x"), as: "066666"))
        XCTAssertEqual(f.journal.fileBytes, before)
        // The entries stay in the journal, and a checkpoint of this state says the same.
        XCTAssertEqual(f.journal.fileBytes.filter { $0 == 10 }.count, Int(f.journal.headSeq) + 1)
        let bytes = office.state.checkpointBytes()
        let decoded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(decoded.access.unauthorized, office.state.access.unauthorized)
    }

    @Test func test_an_auxiliarys_forged_reveal_and_correction_of_anothers_entry_are_refused_their_own_are_not() throws {
        let f = try signedFixture()
        let person = try f.run(ListPerson(name: "张某", idNumber: Fixture.idNumber(), category: .released,
                                          residency: .presentRegistered, cell: "C01", officer: Fixture.officer)).entityID!
        let officersEntry = try f.run(ReportHazard(patrol: nil, cell: "C01", note: "民警录入")).record!.id
        f.office.signOut()
        try f.office.signIn(badge: Fixture.auxiliary, pin: "135790")
        let ownEntry = try f.run(ReportHazard(patrol: nil, cell: "C01", note: "辅警录入"), as: Fixture.auxiliary).record!.id
        let forged = try forge(f, by: Fixture.auxiliary, [
            IDNumberRevealed(person: person, purpose: "核查"),
            EntryVoided(event: officersEntry, reason: "伪造"),
            EntryAmended(event: officersEntry, reason: "伪造", changes: ["note": "被改"]),
        ])
        // The auxiliary's own correction, written through the office: allowed, then and at replay.
        try f.run(AmendEntry(event: ownEntry, reason: "补充", changes: ["note": "辅警更正"]), as: Fixture.auxiliary)
        let state = try replay(f).state
        XCTAssertEqual(state.access.unauthorized.map(\.seq), forged.map(\.seq))
        XCTAssertEqual(state.access.unauthorized.map(\.action), ["reveal-id", "correct-other", "correct-other"])
        XCTAssertEqual(state.reveals.reveals.count, 0, "the forged reveal is on the reveal log")
        XCTAssertFalse(state.voided.contains(officersEntry))
        XCTAssertEqual(state.patrols.hazards.first { $0.event == officersEntry }?.note, "民警录入")
        XCTAssertEqual(state.patrols.hazards.first { $0.event == ownEntry }?.note, "辅警更正")
    }

    @Test func test_before_the_office_has_pins_the_older_kinds_of_entry_are_not_second_guessed() throws {
        // Before PINs (and in journals from before roles existed) anyone could write as anyone
        // with --as: an auxiliary's enrolment from then is history, not a forgery to refuse.
        let f = try Fixture()
        try forge(f, by: Fixture.auxiliary, [OfficerEnrolled(badge: "F2000", name: "早期辅警", role: .auxiliary)])
        let state = try replay(f).state
        XCTAssertNotNil(state.officers.officer("F2000"))
        XCTAssertEqual(state.access.unauthorized, [])
        // A PIN event is always checked: PINs and roles came in the same build.
        try forge(f, by: Fixture.auxiliary, [PinSet(badge: Fixture.officer, pin: try Pin.derive("999999", iterations: 1_000))])
        let after = try replay(f).state
        XCTAssertFalse(after.access.hasPin(Fixture.officer))
        XCTAssertEqual(after.access.unauthorized.map(\.action), ["reset-pin"])
    }

    @Test func test_legitimate_journals_fold_without_a_single_refusal() throws {
        // The golden lines (one of every event type, as an older build wrote them).
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/events-v1.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        var state = OfficeState(policy: .standard)
        for (i, line) in lines.enumerated() {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let data = try JSONSerialization.data(withJSONObject: object["data"]!, options: [.sortedKeys])
            let type = try XCTUnwrap(object["type"] as? String)
            let event = try XCTUnwrap(try EventRegistry.decode(type: type, version: object["v"] as! Int, data: data,
                                                               decoder: JSONDecoder()))
            state.apply(event, Envelope(id: UUID(), seq: UInt64(i + 1), at: Date(timeIntervalSince1970: 1_790_000_000),
                                        recorded: Date(timeIntervalSince1970: 1_790_000_000), by: "031245"))
        }
        XCTAssertEqual(state.access.unauthorized, [])
        // A demo district: every role, PINs, corrections, reveals, written through the commands.
        let now = time("2026-11-23T09:30:00+08:00")
        let demo = try DemoFixture.shared(days: 10, seed: 7)
        let district = demo.district
        let journal = try demo.journal(id: UUID())
        let writer = district.writer
        let replayed = try Office(journal: journal, clock: FixedClock(now), policy: .standard).state
        XCTAssertEqual(district.summary.refused, 0)
        XCTAssertTrue(replayed.access.requiresSignIn)
        XCTAssertEqual(replayed.access.unauthorized, [])
        XCTAssertEqual(replayed.access.pins, writer.state.access.pins)
        XCTAssertEqual(replayed.officers, writer.state.officers)
    }
}
