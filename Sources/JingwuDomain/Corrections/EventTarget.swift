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
    case screening(Int), receptionDay(Int), notice(String), noticeCompletion(String)
    // hN (issue 20): 接处警 arrival, anti-fraud outreach.
    case incidentArrive(String), outreach(String)
    case pointsAward(String), subsidySettlement(String), team(String), task(String), taskClose(String), tip(String)
    case tipLink(String, Int), personControl(String, Int)
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
    case screening = 60
    case receptionDay = 61
    case notice = 62
    case noticeCompletion = 63
    // hN (issue 20), 70–79.
    case incidentArrive = 70
    case outreach = 71
    // 50–59: issue 19, 群防群治 (hL).
    case pointsAward = 50
    case subsidySettlement = 51
    case team = 52
    case task = 53
    case taskClose = 54
    case tip = 55
    case tipLink = 56
    case personControl = 57
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
        case .screening(let i): (.screening, nil, i)
        case .receptionDay(let i): (.receptionDay, nil, i)
        case .notice(let s): (.notice, s, 0)
        case .noticeCompletion(let s): (.noticeCompletion, s, 0)
        case .incidentArrive(let s): (.incidentArrive, s, 0)
        case .outreach(let s): (.outreach, s, 0)
        case .pointsAward(let s): (.pointsAward, s, 0)
        case .subsidySettlement(let s): (.subsidySettlement, s, 0)
        case .team(let s): (.team, s, 0)
        case .task(let s): (.task, s, 0)
        case .taskClose(let s): (.taskClose, s, 0)
        case .tip(let s): (.tip, s, 0)
        case .tipLink(let s, let i): (.tipLink, s, i)
        case .personControl(let s, let i): (.personControl, s, i)
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
        case .screening: self = .screening(i)
        case .receptionDay: self = .receptionDay(i)
        case .notice: self = .notice(s)
        case .noticeCompletion: self = .noticeCompletion(s)
        case .incidentArrive: self = .incidentArrive(s)
        case .outreach: self = .outreach(s)
        case .pointsAward: self = .pointsAward(s)
        case .subsidySettlement: self = .subsidySettlement(s)
        case .team: self = .team(s)
        case .task: self = .task(s)
        case .taskClose: self = .taskClose(s)
        case .tip: self = .tip(s)
        case .tipLink: self = .tipLink(s, i)
        case .personControl: self = .personControl(s, i)
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
