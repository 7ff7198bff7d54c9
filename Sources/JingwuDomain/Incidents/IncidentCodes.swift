import Foundation
import JingwuJournal

/// The kind of an incident (警情); a design list, DOMAIN.md gives none.
public enum IncidentKind: String, DomainCode {
    case theft, fraud, fight, dispute, disturbance, traffic, fire, help, missing, other
    public static let codeKind = "incident_kind"
}

/// How an incident reached the office.
public enum IncidentSource: String, DomainCode {
    case alarm110 = "110", walkIn = "walk-in", patrol, call
    public static let codeKind = "incident_source"
}

/// How an incident was closed: the list a station uses (受案, 警情不实, 现场调解, 治安调解, 移交,
/// 其他). `handled` (现场处置) was the first list's catch-all; it stays for the lines that hold it.
public enum IncidentDisposition: String, DomainCode {
    case handled, caseFiled = "case-filed", referred, mediated, unfounded
    case securityMediation = "security-mediation", other
    public static let codeKind = "incident_disposition"
}
