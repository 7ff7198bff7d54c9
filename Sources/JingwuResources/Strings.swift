import Foundation

/// The operator's language. Chinese is the default; `--lang en` switches.
public enum Language: String, Sendable, CaseIterable {
    case zh = "zh-Hans"
    case en = "en"

    /// Parses `zh`, `zh-Hans`, `zh_CN`, `en`, `en_US.UTF-8` and the like.
    public init?(code: String) {
        let lowered = code.lowercased()
        if lowered.hasPrefix("zh") { self = .zh } else if lowered.hasPrefix("en") { self = .en } else { return nil }
    }
}

/// UI strings, loaded from `Resources/strings/<language>/*.json`.
///
/// Each file is a flat JSON object of key → text, named after what owns it: a
/// feature (`patrols.json`, `persons.json`, `disputes.json`, `incidents.json`,
/// `shifts.json`, `access.json`), a layer (`domain.json`, `journal.json`,
/// `reports.json`, `cli.json`) or the console's chrome (`console.json`). The file
/// name is not part of a key: every file of a language is merged, so a key may move
/// to its owner's file without touching code (a test refuses a key in two files,
/// and a file not named after an owner). Chinese writes full-width punctuation,
/// English ASCII (tested too).
/// Placeholders are written `{name}` and filled from the arguments given to
/// `text(_:_:)`. A key missing in English falls back to Chinese; a key missing
/// everywhere is shown as itself, so the gap is visible rather than silent.
public struct Strings: Sendable {
    public let language: Language

    public init(_ language: Language) {
        self.language = language
    }

    // Parsed on first use, once per process: a command that succeeds quietly
    // (a headless write prints only an id) never needs them.
    private static let chinese = load(.zh)
    private static let english = load(.en)
    private var table: [String: String] { language == .zh ? Strings.chinese : Strings.english }
    private var fallback: [String: String] { language == .zh ? [:] : Strings.chinese }

    /// The text for `key` with `{placeholders}` filled from `args`.
    public func text(_ key: String, _ args: [String: String] = [:]) -> String {
        let template = table[key] ?? fallback[key] ?? key
        return args.isEmpty ? template : Self.fill(template, args)
    }

    /// `template` with each `{name}` that `args` has replaced by its value, in one pass: a value is
    /// never read again, so a record's text that holds `{count}` stays as typed (replacing one
    /// placeholder after another, in the dictionary's order, filled such text from the next
    /// argument — and took a tenth of a coverage map's redraw). Unknown `{names}` stay.
    static func fill(_ template: String, _ args: [String: String]) -> String {
        let utf8 = template.utf8
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var out = ""
        out.reserveCapacity(utf8.count + 16 * args.count)
        var copied = utf8.startIndex
        var from = utf8.startIndex
        while let start = utf8[from...].firstIndex(of: open) {
            let nameStart = utf8.index(after: start)
            guard let end = utf8[nameStart...].firstIndex(of: close) else { break }
            if let value = args[String(template[nameStart..<end])] {
                out += template[copied..<start]
                out += value
                copied = utf8.index(after: end)
                from = copied
            } else {
                from = nameStart
            }
        }
        out += template[copied...]
        return out
    }

    /// True when some language has this key (used by tests to catch typos).
    public func has(_ key: String) -> Bool { table[key] != nil || fallback[key] != nil }

    /// Every key of this language (tests compare zh and en for completeness).
    public var keys: Set<String> { Set(table.keys) }

    private static func load(_ language: Language) -> [String: String] {
        var merged: [String: String] = [:]
        for path in ResourceFiles.paths(under: "strings/\(language.rawValue)/") where path.hasSuffix(".json") {
            guard let data = ResourceFiles.data(path),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: String]
            else { continue }
            merged.merge(object) { _, new in new }
        }
        return merged
    }
}
