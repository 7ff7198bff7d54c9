import Foundation

/// An authentic checkpoint of this journal that the journal contradicts: this installation
/// once saw record `seq` with chain hash `hash` (its header says so, under the installation's
/// key, which no one without it can forge), and the journal now ends before record `seq`
/// (`journalHash` nil) or its record `seq` has another hash. Not damage the file alone can
/// show (a cut at a record boundary, or a rewrite with a recomputed chain, verifies); it means
/// records were removed or rewritten since, or an older copy (a backup, a salvaged prefix) was
/// put in place on purpose.
public struct CheckpointContradiction: Sendable, Equatable {
    /// The record the checkpoint vouches for, and its chain hash then.
    public var seq: UInt64
    public var hash: String
    /// When the checkpoint was saved (its authenticated header), when it says.
    public var saved: Date?
    /// The journal's head now.
    public var journalHeadSeq: UInt64
    public var journalHeadHash: String
    /// Record `seq`'s chain hash in the journal now; nil when the journal ends before it.
    public var journalHash: String?
    /// Where the checkpoint was moved aside to keep the evidence; nil while it is still in place
    /// (or could not be moved: then no checkpoint is saved over it).
    public var sideFile: String?

    public init(seq: UInt64, hash: String, saved: Date?, journalHeadSeq: UInt64, journalHeadHash: String,
                journalHash: String?, sideFile: String? = nil) {
        self.seq = seq
        self.hash = hash
        self.saved = saved
        self.journalHeadSeq = journalHeadSeq
        self.journalHeadHash = journalHeadHash
        self.journalHash = journalHash
        self.sideFile = sideFile
    }

    /// True when the journal ends before the record the checkpoint vouches for.
    public var journalEndsBefore: Bool { journalHash == nil }
}

/// A checkpoint as this terminal's witness of what its journal held.
public enum CheckpointWitness {
    /// What `header` (an authentic checkpoint header) says against `journal`: nil when it is
    /// another journal's or record `header.seq` still has its hash. `hashAt` gives record N's
    /// chain hash when the caller knows it (nil: read from the journal).
    public static func contradiction(_ header: CheckpointHeader, journal: Journal,
                                     hashAt known: String? = nil) throws -> CheckpointContradiction? {
        guard header.journalID == journal.header.journalID else { return nil }
        // A journal opened before the checkpoint was read may lag behind another process's save:
        // look at the file again before calling it shorter than what the checkpoint saw.
        if header.seq > journal.headSeq, !journal.isReadOnly { _ = try? journal.refresh() }
        var found: String?
        if header.seq <= journal.headSeq {
            if let known {
                found = known
            } else {
                try journal.replay(from: header.seq) { record in
                    if found == nil, record.seq == header.seq { found = record.hash }
                }
            }
            if found == header.hash { return nil }
        }
        return CheckpointContradiction(seq: header.seq, hash: header.hash, saved: header.saved,
                                       journalHeadSeq: journal.headSeq, journalHeadHash: journal.headHash,
                                       journalHash: found)
    }

    /// As `contradiction`, comparing with what the caller found of the journal (its head and
    /// record `header.seq`'s hash, nil when there is none), for a read-only inspection.
    public static func contradiction(_ header: CheckpointHeader, journalID: UUID, headSeq: UInt64, headHash: String,
                                     hashAtSeq: String?) -> CheckpointContradiction? {
        guard header.journalID == journalID else { return nil }
        let found = header.seq <= headSeq ? hashAtSeq : nil
        if found == header.hash { return nil }
        return CheckpointContradiction(seq: header.seq, hash: header.hash, saved: header.saved, journalHeadSeq: headSeq,
                                       journalHeadHash: headHash, journalHash: found)
    }

    /// Moves the contradicted checkpoint at `checkpointPath` aside to
    /// `<checkpoint>.contradicted-<compact time>` (never over an existing file), so that no
    /// save replaces the evidence. Returns the side file, or nil when the file there is no
    /// longer the one that contradicted (another process moved it and saved a new one).
    /// Throws when it could not be moved: then nothing may be saved over it.
    public static func keep(_ contradiction: CheckpointContradiction, checkpointPath: String, key: CheckpointKey,
                            now: Date) throws -> String? {
        let stamp = FileJournal.compactStamp(now)
        for attempt in 1...100 {
            let side = checkpointPath + CheckpointFile.contradictedInfix + stamp + (attempt == 1 ? "" : "-\(attempt)")
            do {
                let moved = try AtomicFile.moveAside(from: checkpointPath, to: side) { path in
                    guard let header = CheckpointFile.readHeader(path: path, key: key) else { return false }
                    return header.seq == contradiction.seq && header.hash == contradiction.hash
                }
                Trace.mark("checkpoint: contradicted, \(moved ? "moved aside" : "already replaced")")
                return moved ? side : nil
            } catch JournalError.alreadyExists {
                continue
            }
        }
        throw JournalError.cannotCreate(path: checkpointPath + CheckpointFile.contradictedInfix + stamp, errno: EEXIST)
    }
}
