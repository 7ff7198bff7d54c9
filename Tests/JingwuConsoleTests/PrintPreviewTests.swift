import Foundation
import JingwuDomain
import JingwuJournal
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole

/// 打印预览 (issue 17): `p` on a case file or a handover shows the page as printed, and
/// `h`/`m`/`c` export it to the documents folder (0700), each file 0600, the path shown.
@Suite(.serialized) final class PrintPreviewTests {
    private var documents = ""
    private static let id = "110101199001010015"
    private static let summary = "楼上漏水，" + String(repeating: "反复渗漏，", count: 30) + "身份证\(id)，末尾结语下周再谈"

    init() throws {
        // The same length on every run (no pid): where the message wraps depends on it.
        documents = NSTemporaryDirectory() + "jingwu-print-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: documents)
    }

    private func harness() throws -> ConsoleHarness {
        let h = try ConsoleHarness(seed: { office, clock in
            let me = "031245"
            let dispute = try office.execute(OpenDispute(category: .neighbour, parties: ["张三", "李四"], cell: "A01",
                                                         summary: Self.summary), as: me).entityID!
            clock.advance(minutes: 30)
            try office.execute(HoldMediation(dispute: dispute, kind: .people, mediators: ["调解员王芳"],
                                             notes: "=SUM(A1) 双方各让一步"), as: me)
            clock.advance(minutes: 30)
        })
        h.session.documentsFolder = documents + "/jingwu"
        return h
    }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func test_p_on_a_case_file_previews_the_page_and_h_exports_it_private_with_the_path_shown() throws {
        let h = try harness()
        h.press(.character("5"), .enter)
        XCTAssertEqual(h.trimmed[2], "D2026-0001  邻里  调解中  已 0 天")
        XCTAssertTrue(h.trimmed[23].contains("p 打印"), h.trimmed[23])
        h.press(.character("p"))
        XCTAssertEqual(h.trimmed[2], "打印预览：导出后用浏览器打开网页打印（A4）")
        XCTAssertEqual(h.trimmed[3], "导出到 " + documents + "/jingwu")
        XCTAssertEqual(h.trimmed[4], "城关派出所 东街警务室 · 矛盾纠纷档案 D2026-0001（一事一档）")
        XCTAssertEqual(h.trimmed[5], "  纠纷编号：D2026-0001")
        XCTAssertTrue(h.trimmed[23].contains("h 导出网页（A4）") && h.trimmed[23].contains("c 导出csv"), h.trimmed[23])
        XCTAssertFalse(h.screen.text.contains(Self.id), "masked in the preview")
        // The signature lines, at the end: the operator is the 经办民警.
        h.press(.end)
        XCTAssertNotNil(h.row(containing: "4. 身份：经办民警  姓名：张伟(031245)  签名：__________  日期：__________"),
                        h.screen.text)
        XCTAssertNotNil(h.row(containing: "1. 时间：2026-05-04 09:30  调解类型：人民调解  调解人：调解员王芳"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "情况：=SUM(A1) 双方各让一步"), h.screen.text)
        let before = h.eventTypes.count

        h.press(.character("h"))
        let folder = documents + "/jingwu"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertEqual(files, ["矛盾纠纷档案 D2026-0001（一事一档） 20260504-1000.html"])
        let path = folder + "/" + files[0]
        XCTAssertEqual(try mode(folder), 0o700, "the folder is the officer's alone")
        XCTAssertEqual(try mode(path), 0o600, "the page names parties: owner only")
        // The message and the line above the page wrap (the path's ASCII runs whole, Chinese between
        // characters): the whole path is on screen.
        XCTAssertEqual(h.trimmed[21], " 已导出（html）到 " + folder + "/矛盾纠纷档案 D2026-0001（一")
        XCTAssertEqual(h.trimmed[22], " 事一档） 20260504-1000.html")
        XCTAssertEqual(h.trimmed[21] + h.trimmed[22].dropFirst(), " 已导出（html）到 " + path)
        h.press(.home)
        XCTAssertEqual(h.trimmed[3] + " " + h.trimmed[4].trimmingCharacters(in: .whitespaces), "已导出到 " + path)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(html.contains("<tr><td>经办民警</td><td>张伟(031245)</td><td></td><td></td></tr>"), html)
        XCTAssertTrue(html.contains("末尾结语下周再谈") && !html.contains(Self.id))
        // Printing is on record, with where it went, written before the file.
        XCTAssertEqual(h.eventTypes.count, before + 1)
        XCTAssertEqual(h.eventTypes.last, "AccessRecorded")
        XCTAssertEqual(h.lastData()["destination"] as? String, path)
        XCTAssertEqual(h.lastData()["format"] as? String, "html")

        // The same minute again: a new name, never over the first.
        h.press(.character("h"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/矛盾纠纷档案 D2026-0001（一事一档） 20260504-1000-2.html"))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), html)

        h.press(.character("c"))
        let csvFolder = folder + "/矛盾纠纷档案 D2026-0001（一事一档） 20260504-1000"
        XCTAssertEqual(try mode(csvFolder), 0o700)
        let tables = try FileManager.default.contentsOfDirectory(atPath: csvFolder).sorted()
        XCTAssertEqual(tables.count, 4, "\(tables)")
        XCTAssertTrue(tables.contains("矛盾纠纷档案 D2026-0001（一事一档） - 调解记录.csv"), "\(tables)")
        let mediations = try Data(contentsOf: URL(fileURLWithPath: csvFolder + "/矛盾纠纷档案 D2026-0001（一事一档） - 调解记录.csv"))
        XCTAssertEqual(Array(mediations.prefix(3)), [0xEF, 0xBB, 0xBF])
        let text = String(decoding: mediations.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("时间,调解类型,调解人,结果,情况\r\n2026-05-04 09:30,人民调解,调解员王芳,,'=SUM(A1) 双方各让一步\r\n"), text)
        for table in tables { XCTAssertEqual(try mode(csvFolder + "/" + table), 0o600) }

        h.press(.character("m"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/矛盾纠纷档案 D2026-0001（一事一档） 20260504-1000.md"))
        h.press(.escape)
        XCTAssertEqual(h.trimmed[2], "D2026-0001  邻里  调解中  已 0 天", "Esc goes back to the case file")
    }

    /// A symlink planted where the folder should be is never written through; nothing is recorded.
    @Test func test_a_symlinked_documents_folder_is_refused_and_nothing_is_written() throws {
        let elsewhere = documents + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: documents + "/jingwu", withDestinationPath: elsewhere)
        let h = try harness()
        h.press(.character("5"), .enter, .character("p"))
        let before = h.journal.fileBytes
        h.press(.character("h"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere), [])
        XCTAssertTrue(h.trimmed[22].contains("不是文件夹（或是指向别处的符号链接），不会写入"), h.trimmed[22])
        XCTAssertEqual(h.journal.fileBytes, before, "no access record for a file not written")
    }

    @Test func test_p_on_the_handover_previews_it_with_the_shift_officers_to_sign() throws {
        let h = try harness()
        h.press(.character("7"), .character("o"), .f(10))
        XCTAssertEqual(h.eventTypes.last, "ShiftOpened")
        h.press(.character("p"))
        XCTAssertEqual(h.trimmed[2], "打印预览：导出后用浏览器打开网页打印（A4）")
        XCTAssertEqual(h.trimmed[4], "城关派出所 东街警务室 · 交接班报告")
        h.press(.end)
        XCTAssertNotNil(h.row(containing: "1. 身份：值班人员  姓名：张伟(031245)  签名：__________"), h.screen.text)
        XCTAssertNotNil(h.row(containing: "2. 身份：接班人  签名：__________  日期：__________"), h.screen.text)
        h.press(.character("h"))
        let files = try FileManager.default.contentsOfDirectory(atPath: documents + "/jingwu")
        XCTAssertEqual(files.count, 1)
        XCTAssertTrue(files[0].hasPrefix("交接班报告 ") && files[0].hasSuffix(".html"), "\(files)")
        h.press(.escape)
        XCTAssertTrue(h.trimmed[2].hasPrefix("交接班草稿 S0001 值班 张伟"), h.trimmed[2])
    }
}
