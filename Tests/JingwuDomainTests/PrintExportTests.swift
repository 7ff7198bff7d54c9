import Foundation
import JingwuJournal
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// Where printed reports go (issue 17): the documents folder (0700), files 0600, a name that
/// never lands on anything already there — a file, a symlink, a FIFO.
@Suite(.serialized) final class PrintExportTests {
    private var dir = ""
    private let stamp = RFC3339.parse("2026-12-02T08:30:00+08:00")!
    private let labels = ReportRenderer.CSVLabels(figures: "概况", item: "项目", value: "数值")
    private var document: ReportDocument {
        ReportDocument(kind: "dispute", title: "矛盾纠纷档案 D2026-0001（一事一档）", from: nil, to: nil, periodText: "",
                       figures: [ReportFigure("n", "天数", .int(3))])
    }

    init() throws {
        dir = NSTemporaryDirectory() + "jingwu-export-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func test_the_default_folder_is_the_xdg_documents_folder_else_home_documents() {
        XCTAssertEqual(PrintExport.defaultFolder(environment: ["XDG_DOCUMENTS_DIR": "/srv/docs", "HOME": "/home/a"]),
                       "/srv/docs/jingwu")
        XCTAssertEqual(PrintExport.defaultFolder(environment: ["HOME": "/home/a"]), "/home/a/Documents/jingwu")
        XCTAssertEqual(PrintExport.defaultFolder(environment: ["XDG_DOCUMENTS_DIR": "", "HOME": "/home/a"]),
                       "/home/a/Documents/jingwu")
    }

    @Test func test_missing_folders_are_made_owner_only_and_a_symlink_is_refused() throws {
        let folder = dir + "/Documents/jingwu"
        try PrintExport.prepare(folder)
        XCTAssertEqual(try mode(dir + "/Documents"), 0o700)
        XCTAssertEqual(try mode(folder), 0o700)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: folder)
        XCTAssertThrowsError(try PrintExport.prepare(dir + "/link")) { error in
            XCTAssertEqual((error as? PrintExport.FolderError)?.messageKey, "report.print.not_folder")
        }
        // A symlink above the folder (~/Documents pointing elsewhere) is the user's own.
        XCTAssertNoThrow(try PrintExport.prepare(dir + "/link/sub"))
        try Data().write(to: URL(fileURLWithPath: dir + "/file"))
        XCTAssertThrowsError(try PrintExport.prepare(dir + "/file"))
    }

    @Test func test_a_file_symlink_or_fifo_at_the_name_is_passed_over_never_written_through() throws {
        let name = dir + "/矛盾纠纷档案 D2026-0001（一事一档） 20261202-0830"
        let victim = dir + "/victim"
        try "mine".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: name + ".html", withDestinationPath: victim)
        XCTAssertEqual(mkfifo(name + "-2.html", 0o600), 0)
        try "old".write(toFile: name + "-3.html", atomically: true, encoding: .utf8)
        let path = try PrintExport.target(document, as: .html, folder: dir, stamp: stamp)
        XCTAssertEqual(path, name + "-4.html")
        try PrintExport.write(document, as: .html, labels: labels, to: path)
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("<td>3</td>"))
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "mine", "the symlink's target is untouched")
        var info = stat()
        XCTAssertEqual(lstat(name + "-2.html", &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO is left a FIFO")
        XCTAssertEqual(try String(contentsOfFile: name + "-3.html", encoding: .utf8), "old")
        // Written to a name taken since `target` chose it: refused, nothing replaced.
        XCTAssertThrowsError(try PrintExport.write(document, as: .html, labels: labels, to: name + "-3.html"))
        XCTAssertEqual(try String(contentsOfFile: name + "-3.html", encoding: .utf8), "old")
    }

    @Test func test_csv_is_a_new_folder_of_tables_each_owner_only() throws {
        let path = try PrintExport.target(document, as: .csv, folder: dir + "/out", stamp: stamp)
        XCTAssertEqual(path, dir + "/out/矛盾纠纷档案 D2026-0001（一事一档） 20261202-0830")
        try PrintExport.write(document, as: .csv, labels: labels, to: path)
        XCTAssertEqual(try mode(path), 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: path)
        XCTAssertEqual(files, ["矛盾纠纷档案 D2026-0001（一事一档） - 概况.csv"])
        XCTAssertEqual(try mode(path + "/" + files[0]), 0o600)
        XCTAssertThrowsError(try PrintExport.write(document, as: .csv, labels: labels, to: path), "never into a folder that was there")
    }
}
