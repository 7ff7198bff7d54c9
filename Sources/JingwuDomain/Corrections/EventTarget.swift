import Foundation
import JingwuJournal

/// What an event created or changed, for corrections.
public enum EventTarget: Sendable, Equatable {
    case officer(String), cell(String)
    case shift(String), handover(String), acknowledgement(String)
    case patrol(String), patrolEnd(String), checkIn(Int), hazard(Int), stopCheck(Int)
    case person(String), statusChange(String, Int), delisting(String), visit(Int)
    case dispute(String), mediation(String, Int), conclusion(String), followUp(String, Int)
    case incident(String), incidentClose(String)
    case incidentLink(String, Int), fraudWarning(String), dissuasion(String, Int), reveal(Int)
    case hazardClear(Int)
    case correction
}

extension EventTarget {
    /// The case as a code, its string and its number (the event index's columns).
    var parts: (UInt8, String?, Int) {
        switch self {
        case .officer(let s): (0, s, 0)
        case .cell(let s): (1, s, 0)
        case .shift(let s): (2, s, 0)
        case .handover(let s): (3, s, 0)
        case .acknowledgement(let s): (4, s, 0)
        case .patrol(let s): (5, s, 0)
        case .patrolEnd(let s): (6, s, 0)
        case .checkIn(let i): (7, nil, i)
        case .hazard(let i): (8, nil, i)
        case .stopCheck(let i): (9, nil, i)
        case .person(let s): (10, s, 0)
        case .statusChange(let s, let i): (11, s, i)
        case .delisting(let s): (12, s, 0)
        case .visit(let i): (13, nil, i)
        case .dispute(let s): (14, s, 0)
        case .mediation(let s, let i): (15, s, i)
        case .conclusion(let s): (16, s, 0)
        case .followUp(let s, let i): (17, s, i)
        case .incident(let s): (18, s, 0)
        case .incidentClose(let s): (19, s, 0)
        case .correction: (20, nil, 0)
        case .incidentLink(let s, let i): (21, s, i)
        case .fraudWarning(let s): (22, s, 0)
        case .dissuasion(let s, let i): (23, s, i)
        case .reveal(let i): (24, nil, i)
        case .hazardClear(let i): (25, nil, i)
        }
    }

    static func isCode(_ code: UInt8) -> Bool { code <= 25 }

    /// The inverse of `parts` (for a code `isCode` accepts).
    init(code: UInt8, text s: String, number i: Int) {
        switch code {
        case 0: self = .officer(s)
        case 1: self = .cell(s)
        case 2: self = .shift(s)
        case 3: self = .handover(s)
        case 4: self = .acknowledgement(s)
        case 5: self = .patrol(s)
        case 6: self = .patrolEnd(s)
        case 7: self = .checkIn(i)
        case 8: self = .hazard(i)
        case 9: self = .stopCheck(i)
        case 10: self = .person(s)
        case 11: self = .statusChange(s, i)
        case 12: self = .delisting(s)
        case 13: self = .visit(i)
        case 14: self = .dispute(s)
        case 15: self = .mediation(s, i)
        case 16: self = .conclusion(s)
        case 17: self = .followUp(s, i)
        case 18: self = .incident(s)
        case 19: self = .incidentClose(s)
        case 20: self = .correction
        case 21: self = .incidentLink(s, i)
        case 22: self = .fraudWarning(s)
        case 23: self = .dissuasion(s, i)
        case 24: self = .reveal(i)
        default: self = .hazardClear(i)
        }
    }
}
