import Foundation
import JingwuJournal
import JingwuResources

/// Writing a printed report to the officer's documents (issue 17): the case file or the
/// handover as Markdown, CSV (a folder of one-table files) or a page to print (HTML).
///
/// The folder is `$XDG_DOCUMENTS_DIR/jingwu`, else `~/Documents/jingwu`, made 0700 when
/// missing and refused when it is a symlink or not a folder. A file is never written in
/// place: `AtomicFile` writes a fresh 0600 temporary file (`O_CREAT|O_EXCL|O_NOFOLLOW`)
/// beside it and links it into place, so an existing file, a symlink or a FIFO planted at
/// the name is never followed, written into or replaced; the name carries the time, and a
/// taken name gets `-2`, `-3`….
public enum PrintExport {
    /// The formats a printed report is exported in.
    public static let formats: [ReportOutputFormat] = [.html, .md, .csv]

    /// A folder that cannot hold exports.
    public struct FolderError: OperatorError, Equatable {
        public var path: String
        public var reason: String
        public var messageKey: String { reason.isEmpty ? "report.print.not_folder" : "report.print.cannot_create" }
        public var messageArgs: [String: String] { ["path": path, "reason": reason] }
        public var exitCode: Int32 { ExitCode.cannotCreate }
    }

    /// `$XDG_DOCUMENTS_DIR/jingwu`, else `$HOME/Documents/jingwu` (the working folder without a home).
    public static func defaultFolder(environment: [String: String] = currentEnvironment()) -> String {
        if let documents = environment["XDG_DOCUMENTS_DIR"], !documents.isEmpty {
            return (documents as NSString).appendingPathComponent("jingwu")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.currentDirectoryPath
        return ((home as NSString).appendingPathComponent("Documents") as NSString).appendingPathComponent("jingwu")
    }

    /// `XDG_DOCUMENTS_DIR` and `HOME` as they are now (read with `getenv`, so a change made by `setenv` counts).
    public static func currentEnvironment() -> [String: String] {
        var out: [String: String] = [:]
        for name in ["XDG_DOCUMENTS_DIR", "HOME"] {
            if let value = getenv(name) { out[name] = String(cString: value) }
        }
        return out
    }

    /// Makes `folder` (0700) and any missing parents (0700 too); refuses one that is a symlink or
    /// not a folder. An existing folder keeps its mode.
    public static func prepare(_ folder: String, io: FileIO = PosixIO.shared) throws {
        var path = ""
        let parts = folder.split(separator: "/", omittingEmptySubsequences: true)
        if folder.hasPrefix("/") { path = "" } else { path = "." }
        for part in parts {
            path += "/" + part
            if let type = io.linkType(path) {
                if type == S_IFLNK, path != folder {
                    // A symlink above the folder (`~/Documents` -> elsewhere) is the user's own choice.
                    var info = stat()
                    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                        throw FolderError(path: path, reason: "")
                    }
                    continue
                }
                guard type == S_IFDIR else { throw FolderError(path: path, reason: "") }
                continue
            }
            if io.mkdir(path, 0o700) != 0, errno != EEXIST {
                throw FolderError(path: path, reason: String(cString: strerror(errno)))
            }
            guard io.linkType(path) == S_IFDIR else { throw FolderError(path: path, reason: "") }
        }
    }

    /// Where `document` in `format` goes in `folder` (prepared first): a name made of its title
    /// and `stamp` (`一事一档 D2026-0001 20261202-0830.html`), with `-2`, `-3`… when that name is
    /// taken by anything (a file, a folder, a symlink, a FIFO). A CSV export is a folder of that
    /// name, one file per table.
    /// `name` (a report's title and period, `periodName`) stands for the title and stamp when given.
    public static func target(_ document: ReportDocument, as format: ReportOutputFormat, folder: String, stamp: Date,
                              name: String? = nil, io: FileIO = PosixIO.shared) throws -> String {
        try prepare(folder, io: io)
        let base = ReportRenderer.fileName(name ?? (ReportValue.safe(document.title) + " " + fileStamp(stamp)))
        let ext = format == .csv ? "" : "." + (format == .text ? "txt" : format.rawValue)
        for n in 1..<1000 {
            let path = folder + "/" + base + (n == 1 ? "" : "-\(n)") + ext
            if io.linkType(path) == nil { return path }
        }
        throw FolderError(path: folder + "/" + base + ext, reason: String(cString: strerror(EEXIST)))
    }

    /// Writes `document` in `format` at `path` (from `target`), never over anything there:
    /// a file by `AtomicFile` (`createNew`), a CSV folder made new (0700) with its tables inside.
    public static func write(_ document: ReportDocument, as format: ReportOutputFormat, labels: ReportRenderer.CSVLabels,
                             to path: String, io: FileIO = PosixIO.shared) throws {
        guard format == .csv else {
            try AtomicFile.write(Array(ReportRenderer.render(document, as: format).utf8), to: path, existing: .createNew, io: io)
            return
        }
        if io.mkdir(path, 0o700) != 0 {
            if errno == EEXIST { throw JournalError.alreadyExists(path: path) }
            throw FolderError(path: path, reason: String(cString: strerror(errno)))
        }
        for file in ReportRenderer.csvFiles(document, labels: labels) {
            try AtomicFile.write(Array(file.text.utf8), to: path + "/" + file.name, existing: .createNew, io: io)
        }
    }

    /// A report over a period named for it: its title (which names the period, 「巡逻统计（本周）」)
    /// and the period's start and end, `巡逻统计（本周） 20261130-0000_20261203-0930`; the title
    /// and the time of `stamp` when the report has no period.
    public static func periodName(_ document: ReportDocument, stamp: Date) -> String {
        let title = ReportValue.safe(document.title)
        guard let from = document.from, let to = document.to else { return title + " " + fileStamp(stamp) }
        return title + " " + fileStamp(from) + "_" + fileStamp(to)
    }

    /// `20261202-0830`, in the office's zone.
    public static func fileStamp(_ date: Date) -> String {
        let chars = Array(RFC3339.format(date))  // 2026-12-02T08:30:00+08:00
        return String(chars[0..<4]) + String(chars[5..<7]) + String(chars[8..<10]) + "-" + String(chars[11..<13])
            + String(chars[14..<16])
    }
}
