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

/// How an incident was closed.
public enum IncidentDisposition: String, DomainCode {
    case handled, caseFiled = "case-filed", referred, mediated, unfounded
    public static let codeKind = "incident_disposition"
}
