import Foundation

extension OfficeState {
    /// What a checkpoint's state depends on: the code of the fold. The build generates a
    /// SHA-256 of every source file that decodes records into this state or lays it out in a
    /// checkpoint — all of JingwuDomain (events, code lists, books, fold, checkpoint codec) and
    /// the journal's record codec, record types and time format (`EmbedResourcesPlugin.foldSources`)
    /// — into `FoldDigest`. A build whose fold differs by one byte of that code ignores the
    /// checkpoints of another (and replays), with no schema number to remember to bump.
    public static let checkpointFingerprint = "fold-sha256=" + FoldDigest.sha256

    /// The files (relative to the package) the fingerprint is the digest of.
    public static var checkpointFingerprintSources: [String] { FoldDigest.files }
}
