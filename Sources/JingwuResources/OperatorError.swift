/// An error an operator will read: it names its message (a key into
/// `Strings`, with arguments naming the field or record at fault) and the
/// sysexits code the command line exits with.
///
/// Every module's error enum conforms, so the command line and the console
/// turn any failure into one line in the operator's language the same way.
public protocol OperatorError: Error {
    /// Key into `Strings` (`journal.damaged`, `domain.field.required`, …).
    var messageKey: String { get }
    /// Values for the message's `{placeholders}`.
    var messageArgs: [String: String] { get }
    /// The process exit status for this error (see `ExitCode`).
    var exitCode: Int32 { get }
}

extension OperatorError {
    /// The one-line message in `strings`' language.
    public func message(_ strings: Strings) -> String {
        strings.text(messageKey, messageArgs)
    }
}

/// Exit statuses, from sysexits(3), as DESIGN.md "Command line" fixes them.
public enum ExitCode {
    public static let ok: Int32 = 0
    /// `verify` found damage.
    public static let damageFound: Int32 = 1
    /// `verify`: the chain is intact, but records were written by someone not allowed to
    /// write them (a forged journal); they grant nothing, and verify lists them.
    public static let unauthorizedFound: Int32 = 2
    /// EX_USAGE: the command line itself is wrong.
    public static let usage: Int32 = 64
    /// EX_DATAERR: bad input; validation refused it and nothing was written.
    public static let dataError: Int32 = 65
    /// EX_NOINPUT: the journal does not exist.
    public static let noInput: Int32 = 66
    /// EX_CANTCREAT: cannot create the journal (or it exists already).
    public static let cannotCreate: Int32 = 73
    /// EX_IOERR: an I/O error, including a failed fsync.
    public static let ioError: Int32 = 74
    /// EX_TEMPFAIL: journal busy past the wait, or read-only because damaged.
    public static let tempFail: Int32 = 75
}
