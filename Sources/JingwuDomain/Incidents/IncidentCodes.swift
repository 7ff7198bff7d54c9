import Foundation
import JingwuJournal

/// The kind of an incident (警情); a design list, DOMAIN.md gives none.
public enum IncidentKind: String, DomainCode {
    case theft = "theft"
    case fraud = "fraud"
    case fight = "fight"
    case dispute = "dispute"
    case disturbance = "disturbance"
    case traffic = "traffic"
    case fire = "fire"
    case help = "help"
    case missing = "missing"
    case other = "other"
    public static let codeKind = "incident_kind"
}

/// How an incident reached the office.
public enum IncidentSource: String, DomainCode {
    case alarm110 = "110"
    case walkIn = "walk-in"
    case patrol = "patrol"
    case call = "call"
    public static let codeKind = "incident_source"
}

/// How an incident was closed.
public enum IncidentDisposition: String, DomainCode {
    case handled = "handled"
    case caseFiled = "case-filed"
    case referred = "referred"
    case mediated = "mediated"
    case unfounded = "unfounded"
    public static let codeKind = "incident_disposition"
}
