import Foundation
import JingwuJournal

/// How a patrol moves or holds (DOMAIN.md §2.1).
public enum PatrolMode: String, DomainCode {
    case foot, bike, vehicle, checkpoint, post
    public static let codeKind = "patrol_mode"
}

/// Uniformed or plain-clothes patrol (着装 / 便衣).
public enum Dress: String, DomainCode {
    case uniformed, plain
    public static let codeKind = "dress"
}

/// What a stop-and-check (盘查) examined.
public enum StopCheckSubject: String, DomainCode {
    case person, vehicle, item
    public static let codeKind = "stop_subject"
}

/// What came of a stop-and-check.
public enum StopCheckOutcome: String, DomainCode {
    case released, registered, handedOver = "handed-over"
    public static let codeKind = "stop_outcome"
}

/// A hazard found on patrol (安全隐患, DOMAIN.md §8.3).
public enum HazardCategory: String, DomainCode {
    case fire, epidemic, crowding, sanitation, noise, clutter, fireLane = "fire-lane", other
    public static let codeKind = "hazard_category"
}
