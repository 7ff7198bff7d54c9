import Foundation
import JingwuTestSupport
import Testing
@testable import JingwuJournal

/// A small deterministic generator (SplitMix64), so every adversarial trial can be replayed from its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An independent reading of the journal format, written from the README's
/// description rather than from the scanner: how many leading lines are valid
/// records, and where they end.
enum ReferenceReader {
    static let hashKey = Array(#","hash":""#.utf8)

    /// Count of leading complete lines that are valid records with seq 0, 1, 2, …
    /// chained from 32 zero bytes; the byte offset after them; and the head hash.
    static func validPrefix(_ content: [UInt8]) -> (count: Int, end: Int, head: String) {
        var previous = [UInt8](repeating: 0, count: 32)
        var count = 0
        var start = 0
        let hasher = SHA256Hasher()
        while let nl = content[start...].firstIndex(of: 10) {
            let line = Array(content[start..<nl])
            guard line.count > 75 + 7,
                  line.starts(with: Array(#"{"seq":\#(count),"#.utf8)),
                  Array(line[(line.count - 75)..<(line.count - 66)]) == hashKey,
                  line[(line.count - 66)..<(line.count - 2)].allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }),
                  line[line.count - 2] == 34, line[line.count - 1] == 125
            else { break }
            let computed = Array(line[0..<(line.count - 75)]).withUnsafeBytes { hasher.chain(previous: previous, body: $0) }
            guard RecordFormat.hex(computed) == String(decoding: line[(line.count - 66)..<(line.count - 2)], as: UTF8.self)
            else { break }
            previous = computed
            count += 1
            start = nl + 1
        }
        return (count, start, RecordFormat.hex(previous))
    }

    /// Complete lines (without newline) in `content`, and the unterminated rest.
    static func lines(_ content: ArraySlice<UInt8>) -> (complete: [[UInt8]], rest: [UInt8]) {
        var complete: [[UInt8]] = []
        var start = content.startIndex
        while let nl = content[start...].firstIndex(of: 10) {
            complete.append(Array(content[start..<nl]))
            start = nl + 1
        }
        return (complete, Array(content[start...]))
    }
}

/// A fresh case directory (0700) under `dir`.
func caseDirectory(_ dir: String, _ name: String) -> String {
    let path = dir + "/" + name
    try? FileManager.default.removeItem(atPath: path)
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    return path
}

/// Side files (`.torn-…`) next to `path`.
func sideFiles(of path: String) -> [String] {
    let dir = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
        .filter { $0.hasPrefix(name + ".torn-") }.sorted().map { dir + "/" + $0 }
}

/// A journal with varied record sizes and contents (Chinese, escapes, a long note).
func makeVariedJournal(in dir: String, count: Int, name: String = "journal.jsonl") throws -> String {
    let path = dir + "/" + name
    let journal = try FileJournal.create(
        path: path, station: "城关派出所", office: "东门警务室", clock: FixedClock(fixedNow), by: "1001",
        journalID: UUID(uuidString: "11111111-2222-4333-8444-555555555555")!)
    for i in 0..<count {
        let note = String(repeating: "巡逻", count: i % 5) + String(repeating: "x", count: (i * 37) % 90)
        let data = Data(#"{"n":\#(i),"note":"\#(note)","q":"a\"b\\c","trap":",\"hash\":\""}"#.utf8)
        try journal.append { _ in
            [EventDraft(
                id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", i))!, type: "PatrolStarted",
                at: fixedNow, by: "1001", data: data)]
        }
    }
    return path
}
