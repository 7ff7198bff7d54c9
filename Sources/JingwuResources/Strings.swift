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
        var result = table[key] ?? fallback[key] ?? key
        for (name, value) in args {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
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
