import CCrypto
import Foundation
import JingwuResources

// The per-installation secret that authenticates checkpoints (see `CheckpointFile`).
//
// It lives outside the journal's folder, in the user's configuration directory:
// `$XDG_CONFIG_HOME/jingwu/checkpoint.key`, else `$HOME/.config/jingwu/checkpoint.key`
// (directory 0700, file 0600, 32 random bytes from the operating system, made on
// first use with O_CREAT|O_EXCL|O_NOFOLLOW). Someone who can write the office
// folder but not read this file cannot make a checkpoint jingwu will load.
//
// Anything odd (a symlink, a file that is not a regular 0600 file of this user, a
// directory that is the journal's own folder, no home at all) means "no key": the
// office then runs without checkpoints (slower to open, nothing else), which a
// trace (`JINGWU_TRACE=1`) says; no command fails for it.

/// The installation's checkpoint key: 32 secret bytes.
public struct CheckpointKey: Sendable, Equatable {
    let bytes: [UInt8]

    /// A key from raw bytes (tests); nil unless exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// HMAC-SHA256 of `a` ‖ `b` under this key.
    func hmac(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = bytes.withUnsafeBufferPointer { key in
            jingwu_hmac_sha256(key.baseAddress, key.count, a.baseAddress, a.count, b.baseAddress, b.count, &out)
        }
        return ok == 1 ? out : nil
    }

    /// The key file under `environment` (XDG_CONFIG_HOME, else HOME; the process's home as a last resort).
    public static func directory(environment: [String: String]) -> String? {
        if let base = environment["XDG_CONFIG_HOME"], base.hasPrefix("/") { return base + "/jingwu" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        guard home.hasPrefix("/") else { return nil }
        return home + "/.config/jingwu"
    }

    /// The installation's key for the journal at `journalPath`, made on first use;
    /// nil (run without checkpoints) when it cannot be had safely.
    public static func load(environment: [String: String], journalPath: String?) -> CheckpointKey? {
        guard let directory = directory(environment: environment) else {
            Trace.mark("checkpoint key: no home directory; running without checkpoints")
            return nil
        }
        if let journalPath, sameDirectory(directory, PathText.parent(of: journalPath)) {
            Trace.mark("checkpoint key: its folder is the journal's folder; running without checkpoints")
            return nil
        }
        switch load(directory: directory) {
        case .success(let key): return key
        case .failure(let reason):
            Trace.mark("checkpoint key \(directory)/\(fileName): \(reason); running without checkpoints")
            return nil
        }
    }

    static let fileName = "checkpoint.key"

    private struct Refusal: Error, CustomStringConvertible { let description: String }

    /// Reads the key in `directory`, making the directory (0700) and the key (0600) when missing.
    private static func load(directory: String) -> Result<CheckpointKey, Refusal> {
        guard makeDirectory(directory) else { return .failure(Refusal(description: "cannot make its folder")) }
        var info = stat()
        guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid(),
              info.st_mode & 0o022 == 0
        else {
            return .failure(Refusal(description: "its folder is not a directory of this user that only they may write"))
        }
        let path = directory + "/" + fileName
        for _ in 0..<2 {
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 {
                defer { _ = close(fd) }
                var info = stat()
                guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
                      info.st_mode & 0o777 == 0o600, info.st_size == 32
                else { return .failure(Refusal(description: "not a regular 0600 file of 32 bytes owned by this user")) }
                var bytes = [UInt8](repeating: 0, count: 32)
                guard pread(fd, &bytes, 32, 0) == 32, let key = CheckpointKey(bytes: bytes) else {
                    return .failure(Refusal(description: "cannot be read"))
                }
                return .success(key)
            }
            if errno == ELOOP { return .failure(Refusal(description: "is a symbolic link")) }
            guard errno == ENOENT else { return .failure(Refusal(description: "cannot be opened (errno \(errno))")) }
            // None yet: make one. O_EXCL: two first uses at once do not both write; the loser reads the winner's.
            var bytes = [UInt8](repeating: 0, count: 32)
            var random = SystemRandomNumberGenerator()
            for i in bytes.indices { bytes[i] = random.next() }
            // The one way jingwu creates a file: an unpredictable temporary name, fsync, linked into
            // place only if nothing is there (another process may have made the key meanwhile), the
            // folder fsynced so the key outlives a crash.
            do {
                try AtomicFile.write(bytes, to: path, existing: .createNew)
                if let key = CheckpointKey(bytes: bytes) { return .success(key) }
            } catch JournalError.alreadyExists {
                continue
            } catch {
                return .failure(Refusal(description: "cannot be created (\(error))"))
            }
        }
        return .failure(Refusal(description: "cannot be created"))
    }

    /// Makes `directory` (and missing parents) with mode 0700; true when it is there.
    private static func makeDirectory(_ directory: String) -> Bool {
        var info = stat()
        if lstat(directory, &info) == 0 { return true }
        let parent = PathText.parent(of: directory)
        if parent != directory, !parent.isEmpty, lstat(parent, &info) != 0 { _ = makeDirectory(parent) }
        return mkdir(directory, 0o700) == 0 || errno == EEXIST
    }

    private static func sameDirectory(_ a: String, _ b: String) -> Bool {
        let folder = b.isEmpty ? "." : b
        var x = stat(), y = stat()
        if stat(a, &x) == 0, stat(folder, &y) == 0 { return x.st_dev == y.st_dev && x.st_ino == y.st_ino }
        return (a as NSString).standardizingPath == (folder as NSString).standardizingPath
    }
}
