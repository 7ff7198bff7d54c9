import Foundation
import JingwuJournal
import JingwuResources

/// The console's sync to the station, on its own thread: a round after each append (nudges made while a
/// round runs are coalesced into one round after it) and every `every` seconds when nothing happens.
///
/// A round is `StationSync` as `jingwu sync` runs it, over a connection kept between rounds (made again
/// after any failure, with a bounded connect time). Nothing here is ever waited for by the console: it
/// reads `status()` (a copy under a lock) once a second. A dead or slow server, a dropped connection or a
/// socket that never answers costs only this thread's time: the office journal is read, never written.
///
/// After a conflict (the journal's past differs from the station's copy, recorded there as a row of
/// `jingwu.conflicts`) no round runs again in this process: retrying would only add the same conflict
/// every few minutes; the person in charge looks, and `jingwu sync` says it again.
public final class BackgroundStationSync: @unchecked Sendable {
    public enum State: Equatable, Sendable {
        case starting
        case synced
        /// The last round failed; another will be tried (the failure says why).
        case failed(Failure)
        /// The station refused in a way retrying soon will not mend (login, schema); tried again on the timer only.
        case refused(Failure)
        /// The journal's past differs from the station's copy; `seq`: the first record that differs.
        case conflict(Failure, seq: UInt64)
    }

    /// Why a round did not finish, as the operator is told (any `OperatorError`: the station's, or the
    /// journal's when the office file cannot be read).
    public struct Failure: OperatorError, Equatable, Sendable {
        public var messageKey: String
        public var messageArgs: [String: String]
        public var exitCode: Int32

        init(_ error: OperatorError) {
            messageKey = error.messageKey
            messageArgs = error.messageArgs
            exitCode = error.exitCode
        }
    }

    public struct Status: Equatable, Sendable {
        public var state: State = .starting
        /// The station's head for this journal after the last successful round, or after a round that
        /// failed on the station's full disk (the station answered); nil before either.
        public var stationHead: Int64?
        public var lastSynced: Date?
        /// When the running round started; nil between rounds.
        public var runningSince: Date?
        /// Rounds finished so far (tests wait on it).
        public var rounds = 0
        /// Records pushed by all rounds so far.
        public var pushed = 0
    }

    public let url: String
    public let journalPath: String
    /// Seconds between rounds when nothing is appended.
    public let every: TimeInterval
    /// Seconds before a failed round is tried again without a nudge.
    public let retryAfter: TimeInterval
    /// Seconds the connection's set-up may take.
    public let connectTimeout: Int

    /// The first round runs at once (as if nudged).
    private let thread = RoundThread(Status(), rounds: \.rounds, woken: true)
    /// When the next round runs without a nudge; read and set under the thread's lock only.
    private var nextRound = Date.distantPast
    private var db: PGConnection?

    public init(url: String, journalPath: String, every: TimeInterval, retryAfter: TimeInterval = 30,
                connectTimeout: Int = 5) {
        self.url = url
        self.journalPath = journalPath
        self.every = every
        self.retryAfter = min(retryAfter, every)
        self.connectTimeout = connectTimeout
    }

    /// Starts the thread (once).
    public func start() {
        thread.start(name: "jingwu station sync", next: { [self] status, nudged in
            switch status.state {
            case .conflict: return .never
            case .refused: return .at(nextRound)  // a nudge does not hurry a refusal
            default: return nudged ? .now : .at(nextRound)
            }
        }, begin: { $0.runningSince = Date() }, round: { [self] in
            let outcome = round()
            return { [self] current in
                current.runningSince = nil
                switch outcome {
                case .success(let result):
                    current.state = .synced
                    current.stationHead = Int64(result.headSeq)
                    current.lastSynced = Date()
                    current.pushed += result.pushed
                    nextRound = Date().addingTimeInterval(every)
                case .failure(let error):
                    // A full disk: the station answered, so its head (what it holds of this journal) is known.
                    if let head = headAfterFailure { current.stationHead = head }
                    let failure = Failure((error as? OperatorError) ?? StationError.server(sqlstate: "", detail: String(describing: error)))
                    switch error as? StationError {
                    case .conflict(_, _, let seq, _, _, _)?: current.state = .conflict(failure, seq: seq)
                    case .loginRefused?, .notInitialized?, .schemaTooNew?, .badURL?: current.state = .refused(failure)
                    default: current.state = .failed(failure)
                    }
                    nextRound = Date().addingTimeInterval(retryAfter)
                }
            }
        }, finish: { [self] in db = nil })
    }

    public func status() -> Status { thread.status }

    /// Something was appended: a round soon (one more after the running one, however many nudges).
    public func nudge() { thread.wake() }

    /// No new round starts; a running one finishes (or is ended with the process).
    public func stop() { thread.stop() }

    /// Waits until at least `count` rounds have finished (tests). True when they did within `timeout` seconds.
    public func waitForRounds(_ count: Int, timeout: TimeInterval) -> Bool { thread.waitForRounds(count, timeout: timeout) }

    /// Set by a round that failed on the station's full disk: the station's head as read after the rollback.
    private var headAfterFailure: Int64?

    private func round() -> Result<SyncResult, Error> {
        headAfterFailure = nil
        do {
            let connection: PGConnection
            if let db {
                connection = db
            } else {
                connection = try PGConnection(url: url, connectTimeout: connectTimeout)
                db = connection
            }
            let result = try StationSync(db: connection, journalPath: journalPath).run()
            return .success(result)
        } catch {
            if case .serverFull? = error as? StationError, let connection = db {
                headAfterFailure = try? stationHead(on: connection)
            }
            // Whatever went wrong, the next round starts on a new connection.
            db = nil
            return .failure(error)
        }
    }

    /// The station's head for this journal (-1: it holds none), on a connection whose batch was rolled back.
    private func stationHead(on connection: PGConnection) throws -> Int64 {
        try connection.exec("ROLLBACK")
        let id = try JournalIdentity.read(path: journalPath).journalID.uuidString.lowercased()
        let found = try connection.exec("SELECT head_seq FROM jingwu.journals WHERE journal_id = $1", [id])
        return found.rowCount == 0 ? -1 : (found.int(0, 0) ?? -1)
    }
}
