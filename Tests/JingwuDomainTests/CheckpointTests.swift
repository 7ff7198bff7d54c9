import Foundation
@testable import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// A journal file in a fresh temporary directory, filled through the domain's commands.
final class CheckpointFixture {
    let directory: String
    let path: String
    let clock: TestClock
    var journal: FileJournal
    var office: Office
    private var counter: UInt64 = 0
    private var random: UInt64 = 0x1234_5678

    init() throws {
        directory = NSTemporaryDirectory() + "jingwu-checkpoint-" + UUID().uuidString
        path = directory + "/journal.jsonl"
        clock = TestClock("2026-01-05T08:00:00+08:00")
        journal = try FileJournal.create(path: path, station: "花园派出所", office: "戴花园警务室", clock: clock)
        office = try Office.open(journal: journal, clock: clock, policy: .standard)
        office.makeEventID = { [unowned self] in
            counter += 1
            return UUID(uuidString: String(format: "00000000-0000-4000-8000-%012llX", counter))!
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var checkpointPath: String { CheckpointFile.path(forJournal: path) }

    private func next(_ n: Int) -> Int {
        random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((random >> 33) % UInt64(n))
    }

    @discardableResult
    func run(_ command: some OfficeCommand, as badge: String? = "031245") throws -> WriteResult {
        try office.execute(command, as: badge)
    }

    /// The roster and grid.
    func populate() throws {
        try run(EnrollOfficer(badge: "031245", name: "王建国", role: .police), as: nil)
        try run(EnrollOfficer(badge: "031288", name: "陈接", role: .police))
        try run(EnrollOfficer(badge: "F1021", name: "李辅", role: .auxiliary))
        for k in 0..<6 {
            try run(AddCell(code: "C0\(k)", name: "花园\(k)区", community: "戴花园社区", kind: k % 2 == 0 ? .compound : .street,
                            x: k, y: 0, keySite: k == 3))
        }
    }

    /// One simulated day of everything the office does, corrections included.
    func day(_ n: Int) throws {
        clock.advance(hours: 1)
        let patrol = try run(StartPatrol(mode: n % 2 == 0 ? .foot : .bike, lead: "031245", members: ["F1021"],
                                         cells: ["C01"])).entityID!
        var checkIns: [UUID] = []
        for _ in 0..<4 {
            clock.advance(hours: 0.25)
            let written = try run(CheckInPatrol(patrol: patrol, cell: "C0\(next(6))", note: next(2) == 0 ? "正常" : nil))
            checkIns.append(written.record!.id)
        }
        try run(ReportHazard(patrol: patrol, cell: "C02", category: .clutter, note: "楼道杂物"))
        clock.advance(hours: 0.5)
        try run(EndPatrol(patrol: patrol, summary: "巡查完毕"))
        if n % 2 == 0 {
            try run(AmendEntry(event: checkIns[0], reason: "备注写错", changes: ["note": "更正"]))
        } else {
            try run(VoidEntry(event: checkIns[1], reason: "误录"))
        }
        let person = try run(ListPerson(name: "张某\(n)", idNumber: idNumber(n), category: .released,
                                        residency: .presentRegistered, cell: "C01", officer: "031245")).entityID!
        try run(RecordVisit(person: person, method: .home, officer: "031245", findings: "在家，情绪稳定"))
        let dispute = try run(OpenDispute(category: .neighbour, parties: ["张某", "李某"], cell: "C03",
                                          summary: "漏水纠纷")).entityID!
        try run(HoldMediation(dispute: dispute, kind: .people, mediators: ["王建国"], notes: "调解"))
        if n % 3 == 0 { try run(ResolveDispute(dispute: dispute, agreement: "赔偿")) }
        let incident = try run(LogIncident(cell: "C04", kind: .theft, summary: "电动车被盗", source: .call)).entityID!
        // 接处警 and 反诈宣传 (issue 20): the caller, the arrival and an outreach session are in the checkpoint too.
        let called = try run(LogIncident(cell: "C04", kind: .fight, summary: "推搡", caller: "报警人\(n)",
                                         callerPhone: "1380013800\(n % 10)")).entityID!
        clock.advance(hours: 0.1)
        try run(RecordArrival(incident: called, officer: "F1021"))
        if n % 2 == 1 { try run(CloseIncident(incident: incident, disposition: .handled)) }
        // Issue 20: the weekly 排查 (a zero report on the first day, findings after), a case with the new
        // fields, a roster mediator, a reception day on Tuesdays, a rectification notice on the hazard.
        try run(n == 0 ? RecordScreening(community: "戴花园社区", zeroReport: true)
                       : RecordScreening(community: "戴花园社区", found: 1, disputes: [dispute], signs: "苗头"))
        let flagged = try run(OpenDispute(category: .collective, parties: ["甲", "乙"], cell: "C02", summary: "物业费",
                                          personsCount: 5 + n, flags: [.massPetition],
                                          deadline: clock.now().addingTimeInterval(Double(n + 1) * 86400))).entityID!
        try run(HoldMediation(dispute: flagged, kind: .publicSecurity, mediators: [], notes: "治安调解", officers: ["031288"]))
        if OfficeWeek.weekday(clock.now()) == 2,
           !office.state.casework.receptionDays.contains(where: { OfficeTime.dayNumber($0.at) == OfficeTime.dayNumber(clock.now()) }) {
            try run(HoldReceptionDay(host: .officer, visitors: 3, consultations: 1, disputes: [flagged]))
        }
        let hazard = "H" + ShortID.make("", office.state.patrols.hazards.count)
        let notice = try run(IssueRectificationNotice(hazard: hazard, partyKind: .unit, party: "物业", items: "清理",
                                                      deadline: clock.now().addingTimeInterval(86400))).entityID!
        try run(CompleteRectification(notice: notice, note: n % 2 == 0 ? "已清理" : "复查已整改"))
        try run(RecordOutreach(cell: "C01", place: "社区活动室", form: .lecture, audience: .residents, attendees: 30 + n,
                               households: 20 + n, topic: n % 2 == 0 ? "冒充客服退款" : nil))
        clock.advance(hours: 20)
    }

    func idNumber(_ n: Int) -> String {
        let first17 = String(format: "110105198%01d01%02d%03d", n % 10, 1 + n % 28, 100 + n)
        return first17 + String(ResidentID.checkCharacter(for: first17)!)
    }

    /// A fresh journal handle and office opened with or without the checkpoint.
    func reopen(useCheckpoint: Bool) throws -> Office {
        journal = try FileJournal(path: path, clock: clock)
        return try Office.open(journal: journal, clock: clock, policy: .standard, useCheckpoint: useCheckpoint)
    }

    /// Opens by path with the checkpoint mapped (as the command line does, or with `decoding` as
    /// the console does) and makes that office the one `run` and `day` write through.
    func reopenMapped(_ decoding: CheckpointDecoding = .onFirstUse) throws -> Office {
        office = try Office.open(path: path, clock: clock, policy: .standard, decoding: decoding)
        journal = office.journal as! FileJournal
        office.makeEventID = { [unowned self] in
            counter += 1
            return UUID(uuidString: String(format: "00000000-0000-4000-8000-%012llX", counter))!
        }
        return office
    }

    /// The checkpoint file's bytes.
    /// The checkpoint file's bytes; set, a new file is renamed over it (as FileManager's atomic
    /// write does, so a state still mapping the old one never sees it change), without the
    /// fsyncs: the tests that set it in a loop of hundreds measure what is read, not the disk.
    var checkpointBytes: [UInt8] {
        get { Array(FileManager.default.contents(atPath: checkpointPath) ?? Data()) }
        set {
            let temporary = directory + "/.checkpoint-under-test"
            // Like the `createFile` it replaces, a failure (something that is no file at the name) is no error.
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return }
            var done = 0
            while done < newValue.count {
                let n = newValue.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            close(fd)
            if done < newValue.count || rename(temporary, checkpointPath) != 0 { unlink(temporary) }
        }
    }
}

/// `bytes` (a checkpoint file whose header was edited) with its tags made again under `key`,
/// as if jingwu had written it: the header line is signed as it stands, the payload is the
/// `payloadBytes` its header names (or all there is after the tag line, if fewer), and the
/// block table is made again for it (whatever followed the payload is dropped).
func resigned(_ bytes: [UInt8], key: CheckpointKey) -> [UInt8] {
    let newline = bytes[7...].firstIndex(of: 10)!
    let signed = Array(bytes[0..<newline])
    let json = try! JSONSerialization.jsonObject(with: Data(bytes[7..<newline])) as! [String: Any]
    let payloadAt = newline + 1 + CheckpointFile.tagLineBytes
    let count = min((json["payloadBytes"] as? Int) ?? Int.max, bytes.count - payloadAt)
    let payload = Array(bytes[payloadAt..<(payloadAt + count)])
    let nonce = CheckpointFile.unhex(Array((json["nonce"] as! String).utf8)[...])!
    let block = (json["blockBytes"] as? Int) ?? CheckpointFile.blockBytes
    let (head, table) = payload.withUnsafeBytes {
        CheckpointFile.sign(signed: signed, payload: $0, nonce: nonce, blockBytes: block, key: key)
    }!
    return head + payload + table
}

/// Where a checkpoint file's payload starts and where its block table starts (they end the file).
func checkpointLayout(_ file: [UInt8]) -> (payloadAt: Int, tableAt: Int) {
    let newline = file[7...].firstIndex(of: 10)!
    let json = try! JSONSerialization.jsonObject(with: Data(file[7..<newline])) as! [String: Any]
    let payloadAt = newline + 1 + CheckpointFile.tagLineBytes
    return (payloadAt, payloadAt + (json["payloadBytes"] as! Int))
}

@Suite(.serialized) final class CheckpointTests {
    /// The state a full replay gives.
    func fullReplay(_ f: CheckpointFixture) throws -> OfficeState {
        try f.reopen(useCheckpoint: false).state
    }

    @Test func test_state_survives_the_checkpoint_encoding_exactly() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<6 { try f.day(n) }
        let bytes = f.office.state.checkpointBytes()
        let decoded = try bytes.withUnsafeBytes { try OfficeState(checkpointBytes: $0, policy: .standard) }
        XCTAssertEqual(decoded, f.office.state)
        XCTAssertGreaterThan(decoded.patrols.checkIns.count, 0)
        XCTAssertGreaterThan(decoded.voided.count, 0)
        XCTAssertEqual(decoded.casework.notices.count, 6, "issue 20's book is in the checkpoint")
        XCTAssertEqual(decoded.casework.receptionDays.count, 1)
        XCTAssertEqual(decoded.disputes.screenings.count, 6)
        XCTAssertEqual(decoded.disputes.disputes.filter { $0.personsCount != nil }.count, 6)
    }

    @Test func test_open_loads_a_matching_checkpoint_and_replays_only_the_tail() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<3 { try f.day(n) }
        XCTAssertTrue(try f.office.saveCheckpoint())
        let saved = f.office.state.lastSeq
        for n in 3..<5 { try f.day(n) }
        let head = f.office.state.lastSeq
        let office = try f.reopen(useCheckpoint: true)
        XCTAssertEqual(office.checkpointUse, .loaded(seq: saved, replayed: Int(head - saved)))
        XCTAssertEqual(office.state, try fullReplay(f))
    }

    @Test func test_checkpoint_file_is_private_and_written_atomically() throws {
        let f = try CheckpointFixture()
        try f.populate()
        XCTAssertTrue(try f.office.saveCheckpoint())
        let mode = try FileManager.default.attributesOfItem(atPath: f.checkpointPath)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: f.directory).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    @Test func test_checkpoint_from_an_older_journal_state_is_used_and_the_rest_replayed() throws {
        let f = try CheckpointFixture()
        try f.populate()
        try f.day(0)
        try f.office.saveCheckpoint()
        let old = f.checkpointBytes
        for n in 1..<4 { try f.day(n) }
        try f.office.saveCheckpoint()
        f.checkpointBytes = old  // the older one is still a true statement about records 0…N
        let office = try f.reopen(useCheckpoint: true)
        guard case .loaded(let seq, let replayed) = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertLessThan(seq, office.state.lastSeq)
        XCTAssertGreaterThan(replayed, 0)
        XCTAssertEqual(office.state, try fullReplay(f))
    }

    @Test func test_checkpoint_whose_hash_no_longer_matches_is_ignored() throws {
        let f = try CheckpointFixture()
        try f.populate()
        try f.day(0)
        try f.office.saveCheckpoint()
        // Another journal at the same path (same length of history, other content): record N has another hash.
        let other = try CheckpointFixture()
        try other.populate()
        try other.day(1)
        try FileManager.default.removeItem(atPath: f.path)
        try FileManager.default.copyItem(atPath: other.path, toPath: f.path)
        // Give the checkpoint the other journal's id, so only the hash can tell them apart.
        var bytes = f.checkpointBytes
        let text = String(decoding: bytes, as: UTF8.self)
        let oldID = f.journal.header.journalID.uuidString.lowercased()
        let newID = other.journal.header.journalID.uuidString.lowercased()
        XCTAssertTrue(text.contains(oldID))
        let range = bytes.firstRange(of: Array(oldID.utf8))!
        bytes.replaceSubrange(range, with: Array(newID.utf8))
        // Re-signed as jingwu itself would have written it (an edit without the key is not even read).
        f.checkpointBytes = resigned(bytes, key: f.office.checkpointKey!)
        let office = try f.reopen(useCheckpoint: true)
        // An authentic checkpoint of this journal id whose record N now has another hash: a contradiction, kept aside.
        guard case .contradicted(let contradiction) = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertNotNil(contradiction.journalHash)
        XCTAssertNotEqual(contradiction.journalHash, contradiction.hash)
        XCTAssertNotNil(contradiction.sideFile)
        XCTAssertEqual(office.state, try fullReplay(f))
        // And the next save replaces it with one that loads.
        XCTAssertTrue(try office.saveCheckpoint())
        guard case .loaded = try f.reopen(useCheckpoint: true).checkpointUse else { return XCTFail("not replaced") }
    }

    @Test func test_checkpoint_beyond_the_journal_head_is_not_loaded_but_said() throws {
        let f = try CheckpointFixture()
        try f.populate()
        let short = try Data(contentsOf: URL(fileURLWithPath: f.path))
        try f.day(0)
        try f.office.saveCheckpoint()
        try short.write(to: URL(fileURLWithPath: f.path))  // the journal went back (restored from a backup)
        let office = try f.reopen(useCheckpoint: true)
        // Not loaded (full replay), and no longer silently ignored (issue 14, witness): said and kept aside.
        guard case .contradicted(let contradiction) = office.checkpointUse else { return XCTFail("\(office.checkpointUse)") }
        XCTAssertNil(contradiction.journalHash)
        XCTAssertEqual(office.state, try fullReplay(f))
    }

    @Test func test_truncated_checkpoint_is_ignored_at_every_cut() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<2 { try f.day(n) }
        try f.office.saveCheckpoint()
        let whole = f.checkpointBytes
        let expected = try fullReplay(f)
        for cut in [0, 1, 6, 7, 40, whole.count / 2, whole.count - 17, whole.count - 1] {
            f.checkpointBytes = Array(whole[0..<cut])
            let office = try f.reopen(useCheckpoint: true)
            XCTAssertEqual(office.checkpointUse, .none, "cut at \(cut)")
            XCTAssertEqual(office.state, expected, "cut at \(cut)")
        }
    }

    @Test func test_damaged_checkpoint_payload_is_ignored() throws {
        let f = try CheckpointFixture()
        try f.populate()
        try f.day(0)
        try f.office.saveCheckpoint()
        var bytes = f.checkpointBytes
        bytes[bytes.count - 30] ^= 0x5A
        f.checkpointBytes = bytes
        let office = try f.reopen(useCheckpoint: true)
        XCTAssertEqual(office.checkpointUse, .none)
        XCTAssertEqual(office.state, try fullReplay(f))
    }

    @Test func test_checkpoint_of_another_format_or_build_is_ignored() throws {
        let f = try CheckpointFixture()
        try f.populate()
        try f.day(0)
        try f.office.saveCheckpoint()
        let whole = f.checkpointBytes
        let expected = try fullReplay(f)
        // Another build's fold: the generated digest with one hex digit changed, or another digest whole.
        let print = OfficeState.checkpointFingerprint
        let flipped = print.dropLast() + (print.last == "0" ? "1" : "0")
        for (from, to) in [(#""format":3"#, #""format":4"#), (print, String(flipped)),
                           (print, "fold-sha256=" + String(repeating: "0", count: 64))] {
            let text = String(decoding: whole, as: UTF8.self)
            XCTAssertTrue(text.contains(from), from)
            var bytes = whole
            bytes.replaceSubrange(bytes.firstRange(of: Array(from.utf8))!, with: Array(to.utf8))
            f.checkpointBytes = bytes
            XCTAssertEqual(try f.reopen(useCheckpoint: true).checkpointUse, .none, to + " (no longer authentic)")
            // Written by a key holder (a build of another format or fingerprint): still not read.
            f.checkpointBytes = resigned(bytes, key: f.office.checkpointKey!)
            let office = try f.reopen(useCheckpoint: true)
            XCTAssertEqual(office.checkpointUse, .none, to)
            XCTAssertEqual(office.state, expected, to)
        }
    }

    @Test func test_deleting_the_checkpoint_changes_nothing_but_the_path_taken() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<2 { try f.day(n) }
        try f.office.saveCheckpoint()
        let withCheckpoint = try f.reopen(useCheckpoint: true).state
        CheckpointFile.remove(path: f.checkpointPath)
        let office = try f.reopen(useCheckpoint: true)
        XCTAssertEqual(office.checkpointUse, .none)
        XCTAssertEqual(office.state, withCheckpoint)
    }

    @Test func test_writes_after_loading_a_checkpoint_number_entities_as_a_full_replay_would() throws {
        let f = try CheckpointFixture()
        try f.populate()
        for n in 0..<2 { try f.day(n) }
        try f.office.saveCheckpoint()
        f.office = try f.reopen(useCheckpoint: true)
        let patrol = try f.run(StartPatrol(mode: .vehicle, lead: "031245")).entityID
        XCTAssertEqual(patrol, ShortID.make("P", 3))
        XCTAssertEqual(f.office.state, try fullReplay(f))
    }
}
