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
    case objectionHandling(String)
    case correction
    case grid(String), building(String), household(String), resident(String), rental(String), inspection(String, Int)
    case leaderAssignment(Int)
}

/// An `EventTarget`'s case as the event index (and so a checkpoint) stores it. The raw
/// values are written into checkpoints: never renumber one; a new case takes the next
/// number. A code not listed here is a damaged checkpoint, never another case.
enum TargetCode: UInt8, CaseIterable {
    case officer = 0
    case cell = 1
    case shift = 2
    case handover = 3
    case acknowledgement = 4
    case patrol = 5
    case patrolEnd = 6
    case checkIn = 7
    case hazard = 8
    case stopCheck = 9
    case person = 10
    case statusChange = 11
    case delisting = 12
    case visit = 13
    case dispute = 14
    case mediation = 15
    case conclusion = 16
    case followUp = 17
    case incident = 18
    case incidentClose = 19
    case correction = 20
    case incidentLink = 21
    case fraudWarning = 22
    case dissuasion = 23
    case reveal = 24
    case hazardClear = 25
    case objectionHandling = 26
    // 40–49: 网格 and 实有人口 (issue 19, part A).
    case grid = 40
    case building = 41
    case household = 42
    case resident = 43
    case rental = 44
    case inspection = 45
    case leaderAssignment = 46
}

extension EventTarget {
    /// The case as a code, its string and its number (the event index's columns).
    var parts: (TargetCode, String?, Int) {
        switch self {
        case .officer(let s): (.officer, s, 0)
        case .cell(let s): (.cell, s, 0)
        case .shift(let s): (.shift, s, 0)
        case .handover(let s): (.handover, s, 0)
        case .acknowledgement(let s): (.acknowledgement, s, 0)
        case .patrol(let s): (.patrol, s, 0)
        case .patrolEnd(let s): (.patrolEnd, s, 0)
        case .checkIn(let i): (.checkIn, nil, i)
        case .hazard(let i): (.hazard, nil, i)
        case .stopCheck(let i): (.stopCheck, nil, i)
        case .person(let s): (.person, s, 0)
        case .statusChange(let s, let i): (.statusChange, s, i)
        case .delisting(let s): (.delisting, s, 0)
        case .visit(let i): (.visit, nil, i)
        case .dispute(let s): (.dispute, s, 0)
        case .mediation(let s, let i): (.mediation, s, i)
        case .conclusion(let s): (.conclusion, s, 0)
        case .followUp(let s, let i): (.followUp, s, i)
        case .incident(let s): (.incident, s, 0)
        case .incidentClose(let s): (.incidentClose, s, 0)
        case .correction: (.correction, nil, 0)
        case .incidentLink(let s, let i): (.incidentLink, s, i)
        case .fraudWarning(let s): (.fraudWarning, s, 0)
        case .dissuasion(let s, let i): (.dissuasion, s, i)
        case .reveal(let i): (.reveal, nil, i)
        case .hazardClear(let i): (.hazardClear, nil, i)
        case .objectionHandling(let s): (.objectionHandling, s, 0)
        case .grid(let s): (.grid, s, 0)
        case .building(let s): (.building, s, 0)
        case .household(let s): (.household, s, 0)
        case .resident(let s): (.resident, s, 0)
        case .rental(let s): (.rental, s, 0)
        case .inspection(let s, let i): (.inspection, s, i)
        case .leaderAssignment(let i): (.leaderAssignment, nil, i)
        }
    }

    /// The inverse of `parts`, over every code.
    init(code: TargetCode, text s: String, number i: Int) {
        switch code {
        case .officer: self = .officer(s)
        case .cell: self = .cell(s)
        case .shift: self = .shift(s)
        case .handover: self = .handover(s)
        case .acknowledgement: self = .acknowledgement(s)
        case .patrol: self = .patrol(s)
        case .patrolEnd: self = .patrolEnd(s)
        case .checkIn: self = .checkIn(i)
        case .hazard: self = .hazard(i)
        case .stopCheck: self = .stopCheck(i)
        case .person: self = .person(s)
        case .statusChange: self = .statusChange(s, i)
        case .delisting: self = .delisting(s)
        case .visit: self = .visit(i)
        case .dispute: self = .dispute(s)
        case .mediation: self = .mediation(s, i)
        case .conclusion: self = .conclusion(s)
        case .followUp: self = .followUp(s, i)
        case .incident: self = .incident(s)
        case .incidentClose: self = .incidentClose(s)
        case .correction: self = .correction
        case .incidentLink: self = .incidentLink(s, i)
        case .fraudWarning: self = .fraudWarning(s)
        case .dissuasion: self = .dissuasion(s, i)
        case .reveal: self = .reveal(i)
        case .hazardClear: self = .hazardClear(i)
        case .objectionHandling: self = .objectionHandling(s)
        case .grid: self = .grid(s)
        case .building: self = .building(s)
        case .household: self = .household(s)
        case .resident: self = .resident(s)
        case .rental: self = .rental(s)
        case .inspection: self = .inspection(s, i)
        case .leaderAssignment: self = .leaderAssignment(i)
        }
    }
}
