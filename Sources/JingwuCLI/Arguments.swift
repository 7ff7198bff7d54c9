import Foundation
import JingwuResources

/// An option a subcommand accepts.
public struct OptionSpec: Sendable {
    /// Long name without dashes (`station`).
    public var name: String
    /// True for a flag that takes no value (`--force`).
    public var isFlag: Bool
    /// True when the command cannot run without it.
    public var required: Bool
    /// True when it may be given several times (`--set a=1 --set b=2`).
    public var repeatable: Bool

    public static func value(_ name: String, required: Bool = false, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, isFlag: false, required: required, repeatable: repeatable)
    }

    public static func flag(_ name: String) -> OptionSpec {
        OptionSpec(name: name, isFlag: true, required: false, repeatable: false)
    }
}

/// Options every command accepts, anywhere on the line.
public struct GlobalOptions: Sendable {
    public var journal: String?
    public var now: String?
    public var lang: String?
    public var operatorBadge: String?
    public var json = false
    public var help = false

    static let valueNames: Set<String> = ["journal", "now", "lang", "as"]
    static let flagNames: Set<String> = ["json", "help"]
}

/// The words of one invocation, split into the subcommand path, its
/// options and its positional arguments.
public struct ParsedArguments: Sendable {
    public var global = GlobalOptions()
    /// Everything that is not an option, in order (`["patrol", "start"]`).
    public var words: [String] = []
    /// Option values by name, in the order given.
    public var options: [String: [String]] = [:]
    /// Flags that were given.
    public var flags: Set<String> = []

    /// The single value of `--name`, or nil.
    public func value(_ name: String) -> String? { options[name]?.last }

    /// Every value of a repeatable `--name`.
    public func values(_ name: String) -> [String] { options[name] ?? [] }

    public func has(_ name: String) -> Bool { flags.contains(name) || options[name] != nil }
}

/// A command-line usage mistake (exit 64), naming the word at fault.
public struct UsageError: OperatorError, Equatable {
    public var messageKey: String
    public var messageArgs: [String: String]
    public var exitCode: Int32 { ExitCode.usage }

    public init(_ key: String, _ args: [String: String] = [:]) {
        self.messageKey = key
        self.messageArgs = args
    }
}

enum ArgumentParser {
    /// First pass: pull out the global options wherever they stand, and split
    /// the rest into words and `--name value` / `--name=value` pairs. Which
    /// options are flags is known only from the command's spec, so a bare
    /// `--name` followed by another option or the end is recorded as a flag and
    /// checked against the spec later.
    static func split(_ arguments: [String]) throws -> (GlobalOptions, [String], [(String, String?)]) {
        var global = GlobalOptions()
        var words: [String] = []
        var pairs: [(String, String?)] = []
        var index = 0
        var onlyWords = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyWords || !argument.hasPrefix("--") || argument == "--" {
                if argument == "--" && !onlyWords { onlyWords = true; continue }
                words.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard !name.isEmpty else { throw UsageError("cli.usage.bad_option", ["option": argument]) }
            if GlobalOptions.flagNames.contains(name) {
                if name == "json" { global.json = true } else { global.help = true }
                continue
            }
            var value = inline
            if value == nil, index < arguments.count, !(arguments[index].hasPrefix("--") && arguments[index].count > 2) {
                value = arguments[index]
                index += 1
            }
            if GlobalOptions.valueNames.contains(name) {
                guard let value else { throw UsageError("cli.usage.missing_value", ["option": "--" + name]) }
                switch name {
                case "journal": global.journal = value
                case "now": global.now = value
                case "lang": global.lang = value
                default: global.operatorBadge = value
                }
                continue
            }
            pairs.append((name, value))
        }
        return (global, words, pairs)
    }

    /// Second pass: check the pairs against the command's spec.
    static func bind(
        _ pairs: [(String, String?)], words: [String], spec: [OptionSpec], into parsed: inout ParsedArguments
    ) throws {
        var byName: [String: OptionSpec] = [:]
        for option in spec { byName[option.name] = option }
        var extraWords = words
        for (name, value) in pairs {
            guard let option = byName[name] else {
                throw UsageError("cli.usage.unknown_option", ["option": "--" + name])
            }
            if option.isFlag {
                parsed.flags.insert(name)
                // A flag swallowed the next word by mistake: give it back.
                if let value { extraWords.append(value) }
                continue
            }
            guard let value else { throw UsageError("cli.usage.missing_value", ["option": "--" + name]) }
            if parsed.options[name] != nil && !option.repeatable {
                throw UsageError("cli.usage.repeated_option", ["option": "--" + name])
            }
            parsed.options[name, default: []].append(value)
        }
        for option in spec where option.required && parsed.options[option.name] == nil {
            throw UsageError("cli.usage.missing_option", ["option": "--" + option.name])
        }
        parsed.words = extraWords
    }
}
