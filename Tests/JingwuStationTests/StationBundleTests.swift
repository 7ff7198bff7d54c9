import Foundation
import JingwuJournal
import JingwuResources
@testable import JingwuStation
import JingwuTestSupport
import Testing
@testable import JingwuCLI

extension StationTestCase {
    /// Rewrites record `seq`'s text and recomputes the chain from it on: the journal verifies
    /// locally, only a witness of an earlier head sees the change.
    func rewriteWithRecomputedChain(_ path: String, seq: Int, replacing old: String = "第", with new: String = "弟") throws {
        var all = lines(path)
        var text = String(decoding: all[seq], as: UTF8.self)
        XCTAssertTrue(text.contains(old))
        text = text.replacingOccurrences(of: old, with: new)
        all[seq] = Data(text.utf8)
        let checker = ChainChecker()
        var out = Data()
        for (i, line) in all.enumerated() {
            var bytes = [UInt8](line)
            if i >= seq {
                let expected = bytes.withUnsafeBytes { checker.expectedHash($0) }!
                bytes.replaceSubrange((bytes.count - 66)..<(bytes.count - 2), with: Array(expected.utf8))
            }
            XCTAssertTrue(bytes.withUnsafeBytes { checker.accept($0) })
            out.append(contentsOf: bytes)
            out.append(10)
        }
        try out.write(to: URL(fileURLWithPath: path))
    }

    /// The bundle's bytes.
    func bundleBytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path)!) }

    /// Writes `bytes` as a bundle with its end line's check sum recomputed (as a forger would).
    func reseal(_ bytes: [UInt8], to path: String) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        let endStart = text.range(of: "jingwu-bundle-end ", options: .backwards)!.lowerBound
        let body = Array(text[..<endStart].utf8)
        let sha = SHA256Stream()
        sha.update(body)
        var end = String(text[endStart...])
        let old = end.range(of: #""sha256":"[0-9a-f]{64}""#, options: .regularExpression)!
        end.replaceSubrange(old, with: "\"sha256\":\"\(sha.finish())\"")
        try? FileManager.default.removeItem(atPath: path)
        try Data(body + Array(end.utf8)).write(to: URL(fileURLWithPath: path))
    }

    /// What the station holds, to compare before and after a refused import.
    func stationState() throws -> String {
        let db = try connect()
        let journals = try db.exec("SELECT journal_id, head_seq, head_hash, head_offset, last_synced, last_sync_records FROM jingwu.journals ORDER BY 1")
        var out = ""
        for row in 0..<journals.rowCount {
            out += (0..<journals.columnCount).map { journals.string(row, $0) ?? "NULL" }.joined(separator: "|") + "\n"
        }
        out += "records \(try count("SELECT count(*) FROM jingwu.records"))\n"
        out += "conflicts \(try count("SELECT count(*) FROM jingwu.conflicts"))\n"
        return out
    }

    func sha(_ path: String) -> String {
        let sha = SHA256Stream()
        sha.update([UInt8](FileManager.default.contents(atPath: path) ?? Data()))
        return sha.finish()
    }
}

/// Offline transport: `export --since-seq N --out FILE` and `station import FILE` against the
/// real server: the exact lines arrive, overlaps are checked byte for byte, and every faulty
/// bundle is refused with its own exit status, nothing written at the station, the journal untouched.
@Suite(.serialized) final class StationBundleTests: StationTestCase {
    var bundle: String { dir + "/bundle.jwb" }

    @Test(.initialisedStation) func test_export_writes_the_exact_lines_and_import_stores_them() throws {
        let journal = try makeJournal(count: 40)
        let before = sha(journalPath())

        let (status, out, err) = run(["export", "--out", bundle])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "已把东门警务室第 0–40 号记录（共 41 条）导出到数据包 \(bundle)；最后一条的校验码 \(journal.headHash)\n")
        XCTAssertEqual(sha(journalPath()), before)
        let mode = try FileManager.default.attributesOfItem(atPath: bundle)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        // The bundle: first line, header, record 0, the records, the end line.
        let rows = String(decoding: bundleBytes(bundle), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let journalLines = lines(journalPath()).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(rows.count, 1 + 1 + 1 + 41 + 1 + 1)
        XCTAssertEqual(rows[0], "jingwu-bundle 1")
        XCTAssertEqual(rows[2], Substring(journalLines[0]))
        XCTAssertEqual(rows[3..<44].map(String.init), journalLines)
        XCTAssertTrue(rows[44].hasPrefix("jingwu-bundle-end {\"count\":41,\"headHash\":\"\(journal.headHash)\",\"lastSeq\":40,\"sha256\":\""), String(rows[44]))
        XCTAssertEqual(rows[45], "")

        let (imported, importOut, importErr) = run(["station", "import", bundle, "--batch", "16"])
        XCTAssertEqual(imported, 0, importErr)
        XCTAssertEqual(importOut, "已导入东门警务室的数据包（第 0–40 号）：新增 41 条记录（分 3 批）；派出所已存至第 40 号，校验码 \(journal.headHash)\n")
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        XCTAssertEqual(run(["station", "verify"]).0, 0)

        // --json, both ways.
        let second = dir + "/second.jwb"
        let (exported, json, _) = run(["export", "--since-seq", "30", "--out", second, "--json"])
        XCTAssertEqual(exported, 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["firstSeq"] as? Int, 30)
        XCTAssertEqual(object["lastSeq"] as? Int, 40)
        XCTAssertEqual(object["count"] as? Int, 11)
        XCTAssertEqual(object["headHash"] as? String, journal.headHash)
        XCTAssertEqual(object["bytes"] as? Int, bundleBytes(second).count)
        // Held already: refused (84) with its one line, --json or not; nothing on stdout.
        let (held, heldJSON, heldErr) = run(["import", second, "--json"])
        XCTAssertEqual(held, 84)
        XCTAssertEqual(heldJSON, "")
        XCTAssertEqual(heldErr, "jingwu：东门警务室的数据包（第 30–40 号）已经导入过：派出所已全部存有，与所存一致，没有存入任何记录；派出所已存至第 40 号\n")
    }

    @Test(.initialisedStation) func test_incremental_bundles_and_an_overlapping_one_add_only_what_is_new_and_sync_continues() throws {
        let journal = try makeJournal(count: 30)
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        XCTAssertEqual(run(["import", bundle]).0, 0)
        try append(journal, count: 20, from: 30)
        // Overlapping: from record 25, the station holds 0–30.
        let second = dir + "/second.jwb"
        XCTAssertEqual(run(["export", "--since-seq", "25", "--out", second]).0, 0)
        let (status, out, err) = run(["station", "import", second], lang: "en")
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, "Imported 东门警务室's bundle (records 25-50): 20 new records in 1 batches; the station holds up to seq 50, check code \(journal.headHash)\n")
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        // Exactly the next one.
        try append(journal, count: 5, from: 50)
        let third = dir + "/third.jwb"
        XCTAssertEqual(run(["export", "--since-seq", "51", "--out", third]).0, 0)
        XCTAssertEqual(run(["station", "import", third]).0, 0)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        // A sync afterwards reads only what follows the head (the bundle carried the head's place in the file).
        try append(journal, count: 7, from: 55)
        let result = try StationSync(db: connect(), journalPath: journalPath()).run()
        XCTAssertEqual(result.pushed, 7)
        XCTAssertTrue(result.scannedFromHead)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        // And a bundle after a sync.
        try append(journal, count: 3, from: 62)
        let fourth = dir + "/fourth.jwb"
        XCTAssertEqual(run(["export", "--since-seq", "40", "--out", fourth]).0, 0)
        XCTAssertEqual(run(["station", "import", fourth]).0, 0)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
        XCTAssertEqual(try count("SELECT count(DISTINCT event_id) FROM jingwu.records"), 66)
    }

    @Test(.initialisedStation) func test_a_bundle_the_station_holds_entirely_is_refused_as_already_imported_and_writes_nothing() throws {
        let journal = try makeJournal(count: 12)
        XCTAssertEqual(run(["export", "--since-seq", "4", "--out", bundle]).0, 0)
        try append(journal, count: 3, from: 12)
        XCTAssertEqual(run(["sync"]).0, 0)
        let state = try stationState()
        for lang in ["zh", "en"] {
            let (status, out, err) = run(["station", "import", bundle], lang: lang)
            XCTAssertEqual(status, 84, err)
            XCTAssertEqual(out, "")
            XCTAssertEqual(err, lang == "zh"
                ? "jingwu：东门警务室的数据包（第 4–12 号）已经导入过：派出所已全部存有，与所存一致，没有存入任何记录；派出所已存至第 15 号\n"
                : "jingwu: 东门警务室's bundle (records 4-12) was imported already: the station holds all of it, identical; nothing was stored. The station holds up to seq 15\n")
        }
        XCTAssertEqual(try stationState(), state)
        // The library says so too: BundleImport throws, the lock released (a sync goes on at once).
        XCTAssertThrowsError(try BundleImport(db: connect(), bundle: BundleFile(path: bundle)).run()) { error in
            XCTAssertEqual(error as? BundleError, .alreadyImported(office: "东门警务室", firstSeq: 4, lastSeq: 12, stationHead: 15))
        }
        try append(journal, count: 2, from: 15)
        XCTAssertEqual(run(["sync"]).0, 0)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    @Test(.initialisedStation) func test_a_bundle_whose_overlap_differs_is_a_conflict_recorded_and_nothing_imported() throws {
        try makeJournal(count: 30)
        XCTAssertEqual(run(["sync"]).0, 0)
        try rewriteWithRecomputedChain(journalPath(), seq: 17)
        let reopened = try FileJournal(path: journalPath())
        try append(reopened, count: 5, from: 30)
        let state = try stationState()

        // Overlapping the rewritten record: it is named.
        XCTAssertEqual(run(["export", "--since-seq", "10", "--out", bundle]).0, 0)
        let (status, out, err) = run(["station", "import", bundle])
        XCTAssertEqual(status, 65)
        XCTAssertEqual(out, "")
        XCTAssertEqual(err, "jingwu：东门警务室的数据包与派出所所存不一致：第 17 号记录起不同（被改写或重算校验码）；派出所已存至第 30 号。"
            + "没有导入任何记录，已在派出所记为冲突，请交负责人核查\n")
        // Starting after it: the hash before the bundle's first record differs.
        let later = dir + "/later.jwb"
        XCTAssertEqual(run(["export", "--since-seq", "25", "--out", later]).0, 0)
        let (status2, _, err2) = run(["station", "import", later], lang: "en")
        XCTAssertEqual(status2, 65)
        XCTAssertEqual(err2, "jingwu: 东门警务室's bundle does not match what the station holds: record 24 or an earlier one differs "
            + "(rewritten, or check codes recomputed); the station holds up to seq 30. Nothing was imported; recorded at the station "
            + "as a conflict for the person in charge to examine\n")

        XCTAssertEqual(try stationState(), state.replacingOccurrences(of: "conflicts 0", with: "conflicts 2"))
        let conflicts = try connect().exec("SELECT kind, first_differing_seq, station_head_seq, office_head_seq FROM jingwu.conflicts ORDER BY id")
        XCTAssertEqual(conflicts.rowCount, 2)
        XCTAssertEqual((0..<4).map { conflicts.string(0, $0) }, ["rewritten", "17", "30", "35"])
        XCTAssertEqual((0..<4).map { conflicts.string(1, $0) }, ["rewritten", "24", "30", "35"])
        XCTAssertEqual(run(["station", "verify"]).0, 0)
    }

    @Test(.initialisedStation) func test_a_bundle_whose_journal_header_differs_from_the_stations_is_a_conflict_at_record_0() throws {
        try makeJournal(count: 30)
        XCTAssertEqual(run(["sync"]).0, 0)
        // The same journal id under another office name, the whole chain recomputed.
        try rewriteWithRecomputedChain(journalPath(), seq: 0, replacing: "东门警务室", with: "东关警务室")
        XCTAssertEqual(run(["export", "--since-seq", "20", "--out", bundle]).0, 0)
        let state = try stationState()
        let (status, _, err) = run(["station", "import", bundle])
        XCTAssertEqual(status, 65)
        XCTAssertEqual(err, "jingwu：东关警务室的数据包与派出所所存不一致：第 0 号记录起不同（被改写或重算校验码）；派出所已存至第 30 号。"
            + "没有导入任何记录，已在派出所记为冲突，请交负责人核查\n")
        XCTAssertEqual(try stationState(), state.replacingOccurrences(of: "conflicts 0", with: "conflicts 1"))
        XCTAssertEqual(try count("SELECT first_differing_seq FROM jingwu.conflicts"), 0)
    }

    @Test(.initialisedStation) func test_an_import_whose_connection_drops_keeps_whole_batches_and_a_rerun_continues() throws {
        try makeJournal(count: 30)
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        let admin = try PGConnection(url: dbURL)
        let db = try connect()
        var options = StationSync.Options()
        options.batchRecords = 10
        options.insideBatch = { batch in
            if batch == 2 { try admin.exec("SELECT pg_terminate_backend($1::integer)", [String(db.backendPID)]) }
        }
        XCTAssertThrowsError(try BundleImport(db: db, bundle: BundleFile(path: bundle), options: options).run()) { error in
            XCTAssertEqual((error as? StationError)?.exitCode, 75, "\(error)")
        }
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 10)
        XCTAssertEqual(try count("SELECT head_seq FROM jingwu.journals"), 9)
        var reported: [Int] = []
        options = StationSync.Options()
        options.progress = { reported.append($0.pushed) }
        let result = try BundleImport(db: connect(), bundle: BundleFile(path: bundle), options: options).run()
        XCTAssertEqual(result.imported, 21)
        XCTAssertEqual(reported.last, 21)
        XCTAssertEqual(try stationLines(), lines(journalPath()))
    }

    @Test(.initialisedStation) func test_a_truncated_bundle_is_refused_at_every_cut() throws {
        try makeJournal(count: 20)
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        let bytes = bundleBytes(bundle)
        let state = try stationState()
        let endLine = bytes.count - (bytes.dropLast().lastIndex(of: 10)! + 1)
        // Mid-body, at a line's end, inside the end line, its newline missing, only the first line.
        let cuts = [bytes.count / 2, bytes.count - endLine, bytes.count - 20, bytes.count - 1, 16]
        for cut in cuts {
            let path = dir + "/cut-\(cut).jwb"
            try Data(bytes[0..<cut]).write(to: URL(fileURLWithPath: path))
            let (status, out, err) = run(["station", "import", path])
            XCTAssertEqual(status, 80, "cut at \(cut): \(err)")
            XCTAssertEqual(out, "")
            XCTAssertEqual(err, "jingwu：数据包 \(path) 不完整（缺少结束行，可能拷贝中断）；没有导入任何记录，请重新导出或重新拷贝\n")
        }
        XCTAssertEqual(try stationState(), state)
    }

    @Test(.initialisedStation) func test_an_altered_byte_in_the_body_or_the_header_is_refused() throws {
        try makeJournal(count: 20)
        XCTAssertEqual(run(["export", "--since-seq", "3", "--out", bundle]).0, 0)
        let bytes = bundleBytes(bundle)
        let state = try stationState()
        let text = String(decoding: bytes, as: UTF8.self)
        let header = text.distance(from: text.startIndex, to: text.range(of: "\"office\":\"")!.upperBound)
        let body = bytes.count / 2
        // A digit of the header's firstSeq, a letter of its office, a byte in the middle of the body.
        let firstSeq = text.utf8.count - text[text.range(of: "\"firstSeq\":")!.upperBound...].utf8.count
        for (name, at) in [("office", header), ("firstSeq", firstSeq), ("body", body)] {
            var altered = bytes
            altered[at] ^= 0x01
            let path = dir + "/altered-\(name).jwb"
            try Data(altered).write(to: URL(fileURLWithPath: path))
            let (status, out, err) = run(["station", "import", path])
            XCTAssertEqual(status, 81, "\(name): \(err)")
            XCTAssertEqual(out, "")
            XCTAssertEqual(err, "jingwu：数据包 \(path) 已被改动（校验和与导出时不符）；没有导入任何记录，请重新导出\n")
        }
        // A forger who recomputes the check sum still meets the chain.
        var forged = bytes
        let recordStart = text.utf8.count - text[text.range(of: "\n{\"seq\":9,")!.upperBound...].utf8.count
        forged[recordStart + 60] ^= 0x01
        let path = dir + "/forged.jwb"
        try reseal(forged, to: path)
        let (status, _, err) = run(["station", "import", path], lang: "en")
        XCTAssertEqual(status, 81, err)
        XCTAssertEqual(err, "jingwu: The bundle \(path) was changed after it was exported (record 9 does not match its check code); nothing was imported. Export it again\n")
        XCTAssertEqual(try stationState(), state)
    }

    @Test(.initialisedStation) func test_a_bundle_of_another_journal_than_its_header_says_is_refused() throws {
        try makeJournal(count: 10)
        try makeJournal("west", office: "西关警务室", count: 10)
        XCTAssertEqual(run(["sync"]).0, 0)
        let east = try JournalIdentity.read(path: journalPath()).journalID.uuidString.lowercased()
        let west = try JournalIdentity.read(path: journalPath("west")).journalID.uuidString.lowercased()
        XCTAssertEqual(run(["export", "--out", bundle], journal: journalPath("west")).0, 0)
        // West's records under east's name and id, the check sum recomputed.
        var text = String(decoding: bundleBytes(bundle), as: UTF8.self)
        let headerEnd = text.index(after: text.firstIndex(of: "\n")!)
        let headerLine = text[headerEnd...].prefix { $0 != "\n" }
        let forgedHeader = headerLine.replacingOccurrences(of: west, with: east).replacingOccurrences(of: "西关警务室", with: "东门警务室")
        text = text.replacingOccurrences(of: String(headerLine), with: forgedHeader)
        let path = dir + "/forged.jwb"
        try reseal(Array(text.utf8), to: path)
        let state = try stationState()
        let (status, out, err) = run(["station", "import", path])
        XCTAssertEqual(status, 82, err)
        XCTAssertEqual(out, "")
        XCTAssertEqual(err, "jingwu：数据包 \(path) 自称是东门警务室 \(east)的日志，其中的日志头却属于西关警务室 \(west)；没有导入任何记录\n")
        XCTAssertEqual(try stationState(), state)
    }

    @Test(.initialisedStation) func test_a_bundle_that_starts_after_the_stations_head_is_a_gap() throws {
        let journal = try makeJournal(count: 10)
        // The station holds nothing of this journal yet.
        XCTAssertEqual(run(["export", "--since-seq", "5", "--out", bundle]).0, 0)
        let (status, _, err) = run(["station", "import", bundle])
        XCTAssertEqual(status, 83)
        XCTAssertEqual(err, "jingwu：派出所还没有东门警务室这本日志，数据包却从第 5 号记录开始；没有导入任何记录，请在警务室运行 jingwu export --since-seq 0\n")
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.journals"), 0)
        XCTAssertEqual(run(["sync"]).0, 0)
        try append(journal, count: 10, from: 10)
        let later = dir + "/later.jwb"
        XCTAssertEqual(run(["export", "--since-seq", "12", "--out", later]).0, 0)
        let state = try stationState()
        let (status2, _, err2) = run(["station", "import", later])
        XCTAssertEqual(status2, 83)
        XCTAssertEqual(err2, "jingwu：东门警务室的数据包从第 12 号记录开始，派出所只存至第 10 号，中间缺记录；没有导入任何记录，请在警务室运行 jingwu export --since-seq 11\n")
        XCTAssertEqual(try stationState(), state)
    }

    @Test(.initialisedStation) func test_a_file_that_is_not_a_bundle_is_refused() throws {
        try makeJournal(count: 5)
        let empty = dir + "/empty"
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let text = dir + "/notes.txt"
        try Data("jingwu-bundle 2\nhello\n".utf8).write(to: URL(fileURLWithPath: text))
        for path in [journalPath(), empty, text] {
            let (status, out, err) = run(["station", "import", path])
            XCTAssertEqual(status, 79, err)
            XCTAssertEqual(out, "")
            XCTAssertEqual(err, "jingwu：\(path) 不是 jingwu 数据包（第一行应为 jingwu-bundle 1）；没有导入任何记录\n")
        }
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 0)
    }

    @Test(.initialisedStation) func test_a_fifo_a_symlink_a_directory_or_nothing_given_as_the_file_is_refused_without_waiting() throws {
        try makeJournal(count: 5)
        XCTAssertEqual(run(["export", "--out", bundle]).0, 0)
        let fifo = dir + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let link = dir + "/link.jwb"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: bundle)
        let folder = dir + "/folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let expected = [
            fifo: "jingwu：\(fifo) 是命名管道（FIFO），不是数据包文件；没有读取\n",
            link: "jingwu：\(link) 是符号链接，不作为数据包读取；请给出数据包文件本身的路径\n",
            folder: "jingwu：\(folder) 是文件夹，不是数据包文件\n",
            dir + "/none.jwb": "jingwu：数据包文件 \(dir)/none.jwb 不存在\n",
        ]
        let started = Date()
        for (path, message) in expected {
            let (status, out, err) = run(["station", "import", path])
            XCTAssertEqual(status, 66, path)
            XCTAssertEqual(out, "")
            XCTAssertEqual(err, message)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "a FIFO was waited on")
        XCTAssertEqual(try count("SELECT count(*) FROM jingwu.records"), 0)
        XCTAssertEqual(run(["station", "import"]).0, 64)
        XCTAssertEqual(run(["station", "import", bundle, link]).0, 64)
    }

    @Test(.initialisedStation) func test_a_journal_damaged_after_an_intact_prefix_exports_that_prefix_and_exits_1() throws {
        try makeJournal(count: 8)
        var data = [UInt8](FileManager.default.contents(atPath: journalPath())!)
        let line6 = lines(journalPath())[0..<6].reduce(0) { $0 + $1.count + 1 }
        data[line6 + 30] ^= 0x01  // a byte of record 6
        try Data(data).write(to: URL(fileURLWithPath: journalPath()))
        let before = sha(journalPath())
        let (status, out, err) = run(["export", "--since-seq", "2", "--out", bundle])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(out.hasPrefix("已把东门警务室第 2–5 号记录（共 4 条）导出到数据包 "), out)
        XCTAssertEqual(err, "注意：本地日志第 6 号记录起已损坏，数据包只含此前完好的记录；请运行 jingwu verify\n")
        XCTAssertEqual(sha(journalPath()), before)
        XCTAssertEqual(run(["export", "--since-seq", "6", "--out", dir + "/none.jwb"]).0, 65)
        XCTAssertEqual(run(["export", "--out", dir + "/all.jwb"]).0, 1)
        XCTAssertEqual(run(["station", "import", dir + "/all.jwb"]).0, 0)
        XCTAssertEqual(try stationLines(), Array(lines(journalPath())[0..<6]))
    }

    @Test func test_export_never_writes_over_a_file_or_through_a_symlink_and_names_a_seq_past_the_end() throws {
        try makeJournal(count: 8)
        let before = sha(journalPath())
        let existing = dir + "/existing.jwb"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: existing))
        let (status, _, err) = run(["export", "--out", existing])
        XCTAssertEqual(status, 73, err)
        XCTAssertEqual(err, "jingwu：\(existing) 已经存在，数据包不会写在已有的文件上；请换一个文件名\n")
        XCTAssertEqual(String(decoding: bundleBytes(existing), as: UTF8.self), "keep me\n")
        let link = dir + "/link.jwb"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir + "/target.jwb")
        XCTAssertNotEqual(run(["export", "--out", link]).0, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/target.jwb"))
        // Onto the journal itself.
        XCTAssertNotEqual(run(["export", "--out", journalPath()]).0, 0)

        let (past, out, pastErr) = run(["export", "--since-seq", "9", "--out", bundle])
        XCTAssertEqual(past, 65)
        XCTAssertEqual(out, "")
        XCTAssertEqual(pastErr, "jingwu：--since-seq 9 超出了日志：日志只到第 8 号记录；没有写数据包\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: bundle))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }, [])
        XCTAssertEqual(run(["export", "--since-seq", "x", "--out", bundle]).0, 64)
        XCTAssertEqual(run(["export", "--since-seq", "8"]).0, 64)
        XCTAssertEqual(sha(journalPath()), before)
        // The last record alone is a bundle.
        XCTAssertEqual(run(["export", "--since-seq", "8", "--out", bundle]).0, 0)
        XCTAssertEqual(sha(journalPath()), before)
    }
}
