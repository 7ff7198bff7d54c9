import Foundation
import JingwuResources

/// What a journal listing (`jingwu log`, the console's journal browser) may show of a record.
///
/// - PIN hashes and salts are never shown: PinSet, PinChanged and PinReset keep their badge,
///   algorithm and rounds only.
/// - Records that hold a key person's particulars (their listing, status changes,
///   delisting, visits and findings, the looks at their ID number, a fraud warning about
///   one of them, and corrections of any of these) show them only to a signed-in operator,
///   and the look is recorded (AccessRecorded). To anyone else they show their references
///   (the person's record number, the cell, the officer) and the names of the fields withheld.
/// - Every string is masked (Privacy.maskNumbers); ids and hashes are left whole.
public enum RecordRedaction {
    public static let pinTypes: Set<String> = [PinSet.type, PinChanged.type, PinReset.type]
    /// The fields of a PinHash that are never shown.
    public static let pinSecrets: Set<String> = ["salt", "hash"]
    /// Types whose every record names a key person with their particulars.
    public static let personalTypes: Set<String> = [
        PersonListed.type, PersonStatusChanged.type, PersonDelisted.type, VisitRecorded.type, IDNumberRevealed.type,
        ResidentRegistered.type,
    ]
    /// Corrections: personal when the record they correct is.
    public static let correctionTypes: Set<String> = [EntryAmended.type, EntryVoided.type]
    /// Fields shown even when the particulars are withheld: references to other records and people on duty.
    public static let referenceKeys: Set<String> = ["person", "warning", "event", "cell", "officer", "level"]
    /// The key under which a withheld record lists the fields left out.
    public static let withheldKey = "withheld"

    /// Whether a record of this type can hold a key person's particulars (a cheap test before decoding it).
    public static func mayBePersonal(_ type: String) -> Bool {
        personalTypes.contains(type) || type == FraudWarningReceived.type || correctionTypes.contains(type)
    }

    /// Whether a record holds a key person's particulars. `personalRecords` holds the ids of
    /// earlier personal records (for corrections); the caller adds this one's when it is.
    public static func isPersonal(type: String, object: [String: Any], personalRecords: Set<String>) -> Bool {
        if personalTypes.contains(type) { return true }
        if type == FraudWarningReceived.type, let person = object["person"] as? String, !person.isEmpty { return true }
        if correctionTypes.contains(type), let target = object["event"] as? String {
            return personalRecords.contains(target.lowercased())
        }
        return false
    }

    /// The data as shown: secrets dropped, particulars withheld unless `showPersonal`, strings masked.
    /// Returns the data object and the names of the fields withheld.
    public static func redact(type: String, object: [String: Any], personal: Bool, showPersonal: Bool)
        -> (object: [String: Any], withheld: [String]) {
        var out = object
        var withheld: [String] = []
        if pinTypes.contains(type) {
            // The hash is stored beside the badge (`{"badge","alg","iterations","salt","hash"}`);
            // a nested form is cleaned too.
            for secret in pinSecrets { out.removeValue(forKey: secret) }
            for (key, value) in out {
                guard var nested = value as? [String: Any] else { continue }
                for secret in pinSecrets { nested.removeValue(forKey: secret) }
                out[key] = nested
            }
        }
        if personal && !showPersonal {
            withheld = out.keys.filter { !referenceKeys.contains($0) }.sorted()
            for key in withheld { out.removeValue(forKey: key) }
        }
        return (masked(out) as? [String: Any] ?? [:], withheld)
    }

    /// Every string in a decoded JSON value masked.
    static func masked(_ value: Any) -> Any {
        switch value {
        case let s as String: return Privacy.maskNumbers(in: s)
        case is Bool where type(of: value) == type(of: NSNumber(value: true)): return value
        case let n as NSNumber:
            // A number written as a JSON number (a forged record's phone) is masked like text.
            let masked = Privacy.maskNumbers(in: n.stringValue)
            return masked == n.stringValue ? n : masked
        case let list as [Any]: return list.map(masked)
        case let dict as [String: Any]: return dict.mapValues(masked)
        default: return value
        }
    }

    /// A decoded JSON object as compact JSON text with sorted keys (controls, bidi and
    /// zero-width characters escaped, so a terminal never acts on them).
    public static func json(_ value: Any) -> String {
        switch value {
        case let s as String: return JSONValue.quote(s)
        case let b as Bool where type(of: value) == type(of: NSNumber(value: true)): return b ? "true" : "false"
        case let n as NSNumber: return n.stringValue
        case let list as [Any]: return "[" + list.map(json).joined(separator: ",") + "]"
        case let dict as [String: Any]:
            return "{" + dict.keys.sorted().map { JSONValue.quote($0) + ":" + json(dict[$0]!) }.joined(separator: ",") + "}"
        case is NSNull: return "null"
        default: return "null"
        }
    }
}
