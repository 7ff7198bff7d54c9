import Foundation
import JingwuResources

/// Every way the journal can refuse or fail, with the sysexits code the
/// command line exits with and a message naming the file or record at fault.
public enum JournalError: OperatorError, Equatable {
    /// No journal at `path` (exit 66).
    case missing(path: String)
    /// `init` found a file already there (exit 73).
    case alreadyExists(path: String)
    /// The file or its directory could not be created (exit 73).
    case cannotCreate(path: String, errno: Int32)
    /// A read, write or truncate failed (exit 74).
    case io(path: String, operation: String, errno: Int32)
    /// `fdatasync`/`fsync` failed: the data may not be on disk. Fatal for this process (exit 74).
    case syncFailed(path: String, errno: Int32)
    /// An earlier sync failed, so this process writes nothing more (exit 74).
    case stopped(path: String)
    /// Another process held the lock past the wait (exit 75).
    case busy(path: String)
    /// Damage before the tail: the journal is read-only until a person acts (exit 75).
    case damaged(path: String, seq: UInt64, line: Int)
    /// The file was replaced, cut or rewritten by something else while this
    /// process had it open: nothing is written through this instance (exit 75).
    case changedUnderneath(path: String)
    /// An event's `data` is not one compact JSON object (exit 65: nothing was written).
    case invalidData(type: String, reason: String)
    /// An event's type or badge is empty or contains control characters (exit 65).
    case invalidField(field: String, value: String)
    /// jingwu will not write a file at `path`: it is a journal, a journal's checkpoint
    /// or side file, a symlink, or not a regular file (exit 73; nothing was written).
    case protectedTarget(path: String, reason: ProtectedTarget)
    /// The journal (or a file jingwu must read) is a directory, FIFO, device or socket (exit 66).
    case notRegularFile(path: String)
    /// The journal file may be read but not written (read-only mount or mode): a write was refused (exit 74).
    case readOnlyFile(path: String)

    public var exitCode: Int32 {
        switch self {
        case .missing: return ExitCode.noInput
        case .alreadyExists, .cannotCreate: return ExitCode.cannotCreate
        case .io, .syncFailed, .stopped: return ExitCode.ioError
        case .busy, .damaged, .changedUnderneath: return ExitCode.tempFail
        case .invalidData, .invalidField: return ExitCode.dataError
        case .protectedTarget: return ExitCode.cannotCreate
        case .notRegularFile: return ExitCode.noInput
        case .readOnlyFile: return ExitCode.ioError
        }
    }

    public var messageKey: String {
        switch self {
        case .missing: return "journal.error.missing"
        case .alreadyExists: return "journal.error.exists"
        case .cannotCreate: return "journal.error.cannot_create"
        case .io: return "journal.error.io"
        case .syncFailed: return "journal.error.sync_failed"
        case .stopped: return "journal.error.stopped"
        case .busy: return "journal.error.busy"
        case .damaged: return "journal.error.damaged"
        case .changedUnderneath: return "journal.error.changed_underneath"
        case .invalidData: return "journal.error.invalid_data"
        case .invalidField: return "journal.error.invalid_field"
        case .protectedTarget(_, let reason): return "journal.error.protected_" + reason.rawValue
        case .notRegularFile: return "journal.error.not_regular"
        case .readOnlyFile: return "journal.error.read_only_file"
        }
    }

    public var messageArgs: [String: String] {
        switch self {
        case .missing(let path), .alreadyExists(let path), .stopped(let path), .busy(let path), .changedUnderneath(let path),
             .protectedTarget(let path, _), .notRegularFile(let path), .readOnlyFile(let path):
            return ["path": path]
        case .cannotCreate(let path, let code):
            return ["path": path, "reason": JournalError.describe(code)]
        case .io(let path, let operation, let code):
            return ["path": path, "operation": operation, "reason": JournalError.describe(code)]
        case .syncFailed(let path, let code):
            return ["path": path, "reason": JournalError.describe(code)]
        case .damaged(let path, let seq, let line):
            return ["path": path, "seq": String(seq), "line": String(line)]
        case .invalidData(let type, let reason):
            return ["type": type, "reason": reason]
        case .invalidField(let field, let value):
            return ["field": field, "value": value]
        }
    }

    /// Why a file may not be written (see `AtomicFile`).
    public enum ProtectedTarget: String, Sendable, Equatable {
        /// It starts with a journal's header record.
        case journal
        /// It is a checkpoint (its magic), or named as one.
        case checkpoint
        /// A file the journal owns beside it: a torn tail, a demo's build file, a temporary.
        case sideFile = "side_file"
        /// A symbolic link (never followed).
        case symlink
        /// A directory, FIFO, device or socket.
        case notRegular = "not_regular"
    }

    /// `strerror` text plus the symbolic-ish number, e.g. "No space left on device (errno 28)".
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)) + " (errno \(code))"
    }
}
