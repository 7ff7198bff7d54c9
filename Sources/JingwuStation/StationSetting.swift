import Foundation
import JingwuJournal
import JingwuResources

/// The office's station setting: where the console syncs in the background. A small JSON file beside
/// the journal (`<journal>.station`), written by `jingwu station connect --db URL` and removed by
/// `jingwu station disconnect`:
///
///     {"db":"postgresql://office@db.example/jingwu","every":5}
///
/// It never holds a password (libpq reads `~/.pgpass`): a URL with one is refused, both when written
/// and when read. The file is hostile input like every file in the office folder, read as the
/// checkpoint and its key are: opened `O_NOFOLLOW | O_NONBLOCK` (a symlink is refused, a FIFO never
/// blocks), used only when it is a regular file of this user that no one else may write, small, and
/// well formed. A file that fails any of this is not used, and the console says why.
public struct StationSetting: Sendable, Equatable {
    /// The station's database, without a password.
    public var url: String
    /// Minutes between background syncs when nothing is appended (an append syncs at once).
    public var everyMinutes: Int

    public static let everyRange = 1...1440
    public static let defaultEvery = 5
    static let maxBytes = 4096

    public init(url: String, everyMinutes: Int = StationSetting.defaultEvery) {
        self.url = url
        self.everyMinutes = everyMinutes
    }

    /// The setting file of the journal at `journalPath`.
    public static func path(forJournal journalPath: String) -> String { journalPath + ".station" }

    /// Why a setting file is not used (`station.json`: `station.setting.*`).
    public struct Refusal: OperatorError, Equatable {
        public enum Reason: String, Sendable { case symlink, notRegular, owner, mode, tooBig, malformed, password, unreadable }
        public var path: String
        public var reason: Reason
        public var messageKey: String { "station.setting.refused." + reason.rawValue }
        public var messageArgs: [String: String] { ["path": path] }
        public var exitCode: Int32 { StationExit.config }
    }

    /// The setting of the journal at `journalPath`: nil when there is none, thrown `Refusal` when the file
    /// is there but may not be used.
    public static func read(journalPath: String) throws -> StationSetting? {
        let path = path(forJournal: journalPath)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return nil
            case ELOOP: throw Refusal(path: path, reason: .symlink)
            default: throw Refusal(path: path, reason: .unreadable)
            }
        }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Refusal(path: path, reason: .unreadable) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Refusal(path: path, reason: .notRegular) }
        guard info.st_uid == geteuid() else { throw Refusal(path: path, reason: .owner) }
        guard info.st_mode & 0o022 == 0 else { throw Refusal(path: path, reason: .mode) }
        guard info.st_size <= maxBytes else { throw Refusal(path: path, reason: .tooBig) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        guard bytes.isEmpty || pread(fd, &bytes, bytes.count, 0) == bytes.count else {
            throw Refusal(path: path, reason: .unreadable)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
              let url = object["db"] as? String, !url.isEmpty, url.utf8.count <= 1024,
              !url.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              let every = (object["every"] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
              everyRange.contains(every)
        else { throw Refusal(path: path, reason: .malformed) }
        guard !StationURL.holdsPassword(url) else { throw Refusal(path: path, reason: .password) }
        return StationSetting(url: url, everyMinutes: every)
    }

    /// Writes (or replaces) the setting beside the journal: a fresh 0600 file put in place by rename
    /// (`AtomicFile`), never written through a symlink or into a FIFO planted at its name.
    public func write(journalPath: String) throws {
        let path = StationSetting.path(forJournal: journalPath)
        guard !StationURL.holdsPassword(url) else { throw Refusal(path: path, reason: .password) }
        let object: [String: Any] = ["db": url, "every": everyMinutes]
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        data.append(10)
        try AtomicFile.write([UInt8](data), to: path, existing: .replace)
    }

    /// Removes the setting file; false when there was none. A symlink there is removed, never followed.
    @discardableResult
    public static func remove(journalPath: String) throws -> Bool {
        let path = path(forJournal: journalPath)
        if unlink(path) == 0 {
            let folder = open(PathText.parent(of: path).isEmpty ? "." : PathText.parent(of: path),
                              O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 { _ = fsync(folder); _ = close(folder) }
            return true
        }
        if errno == ENOENT { return false }
        throw JournalError.io(path: path, operation: "unlink", errno: errno)
    }
}
