import Foundation
import JingwuJournal
import JingwuResources
import JingwuTerminal
import JingwuTestSupport
import Testing
@testable import JingwuConsole
@testable import JingwuDomain

/// Issue 15, acceptance 2: `jingwu report handover` and the console's handover say the same
/// things, section by section, on the demo district: the same titles in the same order, the same
/// counts, the same items in the same order, and the figures above them. The printed text is made
/// the way `ReportCommands` makes it (ReportBuilder, then ReportRenderer).
@Suite(.serialized) final class HandoverAgreementTests {
    private let now = RFC3339.parse("2026-11-23T15:30:00+08:00")!

    /// The demo's drafts, generated once for the class (each test folds its own office from them);
    /// without the communities' registers, of which the handover shows nothing.
    nonisolated(unsafe) private static var demoDrafts: [EventDraft]?

    private func demoOffice() throws -> Office {
        let clock = FixedClock(now)
        let journal = MemoryJournal(station: "花园派出所", office: "戴花园警务室", clock: clock,
                                    journalID: UUID(uuidString: "00000000-0000-4000-8000-000000000015")!, forTests: true)
        if Self.demoDrafts == nil {
            let writer = DemoWriter(state: OfficeState(policy: .standard), firstSeq: journal.headSeq + 1, recorded: now,
                                    idSeed: 15)
            var options = DemoOptions(days: 14, seed: 15, offices: 1, now: now)
            options.registers = false
            let district = DemoDistrict(options: options, writer: writer)
            var drafts: [EventDraft] = []
            try district.generate {
                drafts += writer.pending
                writer.pending.removeAll()
            }
            Self.demoDrafts = drafts
        }
        let drafts = Self.demoDrafts!
        var i = 0
        try journal.appendBulk { defer { i += 1 }; return i < drafts.count ? drafts[i] : nil }
        return try Office(journal: journal, clock: clock, policy: .standard)
    }

    /// A section as shown: its title, its count and its item lines.
    struct Shown: Equatable {
        var title: String
        var count: Int
        var items: [String]
    }

    /// The console's sections from its lines (`■ 标题 N[ · …]`, then the items), from `first` on.
    static func consoleSections(_ lines: [String], titles: Set<String>) -> [Shown] {
        var out: [Shown] = []
        for line in lines {
            if line.hasPrefix("■ ") {
                let head = String(line.dropFirst(2)).components(separatedBy: " · ")[0]
                guard let space = head.lastIndex(of: " "), titles.contains(String(head[..<space])) else { continue }
                out.append(Shown(title: String(head[..<space]), count: Int(head[head.index(after: space)...]) ?? -1, items: []))
            } else if !out.isEmpty, line.hasPrefix("  ") {
                out[out.count - 1].items.append(line)
            }
        }
        return out
    }

    /// The printed report's sections: `■ 标题（N）` and its table rows, or `■ 标题` and `无`.
    static func printedSections(_ text: String) -> [Shown] {
        var out: [Shown] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            guard lines[i].hasPrefix("■ ") else { continue }
            var title = String(lines[i].dropFirst(2))
            var count = 0
            // The count is the last bracket (a title may hold its own: 交班时在巡（未收队）（2）).
            if title.hasSuffix("）"), let paren = title.lastIndex(of: "（"),
               let n = Int(title[title.index(after: paren)...].dropLast()) {
                count = n
                title = String(title[..<paren])
            }
            var rows: [String] = []
            if count > 0 {
                var j = i + 3  // header and rule
                while j < lines.count, !lines[j].isEmpty { rows.append(lines[j]); j += 1 }
            }
            out.append(Shown(title: title, count: count, items: rows))
        }
        return out
    }

    /// The cell of a printed row that names its item (an id, or the mode / cell / item text), first word only.
    static func key(_ row: String, section: HandoverSection.Key) -> String {
        let cells = row.replacingOccurrences(of: " {2,}", with: "\u{1}", options: .regularExpression)
            .split(separator: "\u{1}").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let cell = section == .visitsDone ? cells[1] : cells[0]
        return String(cell.split(separator: " ")[0]).replacingOccurrences(of: "…", with: "")
    }

    /// Compares one handover as printed and as the console shows it.
    func assertAgree(_ report: HandoverReport, console lines: [String], state: OfficeState, strings: Strings,
                     _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let builder = ReportBuilder(state: state, strings: strings, heading: "花园派出所 戴花园警务室", now: now)
        let document = builder.punctuate(builder.handover(report))
        let printed = ReportRenderer.render(document, as: .text)
        let definition = report.sections
        let titles = definition.map { builder.handoverTitle($0.key) }
        let shownPrinted = Self.printedSections(printed)
        let shownConsole = Self.consoleSections(lines, titles: Set(titles))
        XCTAssertEqual(shownPrinted.map(\.title), titles, "\(what): printed sections", file: file, line: line)
        XCTAssertEqual(shownConsole.map(\.title), titles, "\(what): console sections\n" + lines.joined(separator: "\n"),
                       file: file, line: line)
        guard shownPrinted.count == definition.count, shownConsole.count == definition.count else { return }
        for (n, section) in definition.enumerated() {
            let p = shownPrinted[n], c = shownConsole[n]
            XCTAssertEqual(p.count, c.count, "\(what): \(p.title) counts", file: file, line: line)
            XCTAssertEqual(c.items.count, c.count, "\(what): \(p.title) console lines", file: file, line: line)
            XCTAssertEqual(p.items.count, p.count, "\(what): \(p.title) printed rows", file: file, line: line)
            for (row, item) in zip(p.items, c.items) {
                let key = Self.key(row, section: section.key)
                XCTAssertTrue(item.contains(key), "\(what): \(p.title): printed \(key), console \(item)", file: file, line: line)
            }
        }
        // The figures above the sections are the sections' counts, and the patrol totals the console's.
        let figures = Dictionary(uniqueKeysWithValues: document.figures.map { ($0.key, $0.value.display) })
        func consoleCount(_ key: HandoverSection.Key) -> String? {
            shownConsole.first { $0.title == builder.handoverTitle(key) }.map { String($0.count) }
        }
        for (figure, key) in [("hazards", HandoverSection.Key.hazards), ("hazardsOpen", .hazardsOpen),
                              ("hazardsCleared", .hazardsCleared), ("cellsPastWindow", .cellsPastWindow),
                              ("visits", .visitsDone), ("visitsOverdue", .visitsOverdue), ("incidents", .incidents),
                              ("openIncidents", .openIncidents), ("disputesPending", .disputesPending),
                              ("fraudPending", .fraudPending)] {
            XCTAssertEqual(figures[figure], consoleCount(key), "\(what): figure \(figure)", file: file, line: line)
        }
        let patrolHeader = lines.first { $0.hasPrefix("■ " + builder.handoverTitle(.byMode)) } ?? ""
        XCTAssertTrue(patrolHeader.contains("共 \(figures["patrols"] ?? "?") 次"), "\(what): \(patrolHeader)", file: file, line: line)
        XCTAssertTrue(patrolHeader.hasSuffix("盘查 \(figures["stopChecks"] ?? "?")"), "\(what): \(patrolHeader)",
                      file: file, line: line)
    }

    @Test func test_report_handover_and_the_console_draft_agree_section_by_section_on_the_demo() throws {
        let office = try demoOffice()
        let session = ConsoleSession(office: office, strings: Strings(.zh), operatorBadge: "031245")
        session.documentsFolder = ConsoleHarness.documentsFolder
        let screen = HandoverScreen()
        let state = office.state
        let shift = try XCTUnwrap(state.shifts.current, "the demo ends with a shift on duty")
        // What `jingwu report handover` prints with no options: the shift on duty.
        let report = try XCTUnwrap(state.handoverReport(shift: shift.id, now: now))
        let lines = screen.draftLines(session).map(\.text)
        assertAgree(report, console: lines, state: state, strings: session.strings, "draft \(shift.id)")
        // The demo's afternoon has fraud warnings waiting: the printed handover has the section too.
        XCTAssertFalse(report.fraudPending.isEmpty, "the demo's draft shows 反诈预警未劝阻")
        XCTAssertTrue(ReportRenderer.render(ReportBuilder(state: state, strings: session.strings, now: now).handover(report),
                                            as: .text).contains("■ 交班时反诈预警未劝阻"))
    }

    /// A past shift: `report handover --shift S` from today's journal and the review's "as it stood"
    /// (the journal folded up to the handover) say the same, though items were settled later.
    @Test func test_report_handover_of_a_past_shift_and_the_review_as_it_stood_agree_on_the_demo() throws {
        let office = try demoOffice()
        let session = ConsoleSession(office: office, strings: Strings(.zh), operatorBadge: "031245")
        session.documentsFolder = ConsoleHarness.documentsFolder
        let screen = HandoverScreen()
        let state = office.state
        var laterSettled = 0
        for entry in HandoverReview.entries(state).prefix(8) {
            let id = entry.shift.id
            let review = try XCTUnwrap(try HandoverReview.review(shift: id, journal: office.journal, policy: state.policy))
            XCTAssertTrue(review.changes.isEmpty, "the demo corrects nothing after a handover")
            let report = try XCTUnwrap(state.handoverReport(shift: id, now: now))
            let all = screen.reviewLines(id, session).map(\.text)
            let end = all.firstIndex { $0.hasPrefix("■ 交班以后") } ?? all.count
            assertAgree(report, console: Array(all[..<end]), state: state, strings: session.strings, "review \(id)")
            // Items open then and settled since: open in both, without their later outcome.
            for incident in report.openIncidents where incident.closedAt != nil {
                laterSettled += 1
                XCTAssertNil(review.reportThen.openIncidents.first { $0.id == incident.id }?.disposition(at: report.to))
                let row = try XCTUnwrap(all.first { $0.hasPrefix("  " + incident.id + " ") && all.firstIndex(of: $0)! < end })
                XCTAssertTrue(row.hasSuffix(" 未结"), row)
                let printed = ReportRenderer.render(ReportBuilder(state: state, strings: session.strings, now: now)
                    .handover(report), as: .text).split(separator: "\n").map(String.init)
                let section = try XCTUnwrap(printed.firstIndex { $0.hasPrefix("■ 交班时未结警情") })
                let printedRow = try XCTUnwrap(printed[section...].first { $0.hasPrefix("  " + incident.id + " ") })
                XCTAssertTrue(printedRow.contains("未结"), "printed as open then, not with its later disposition: " + printedRow)
            }
        }
        XCTAssertGreaterThan(laterSettled, 0, "some incident open at a handover was closed later")
        // Every title says how its section counts (README "Figures"): 本班 in the shift, 交班时 at its end.
        let id = try XCTUnwrap(HandoverReview.entries(state).first?.shift.id)
        let sections = try XCTUnwrap(state.handoverReport(shift: id, now: now)).sections
        XCTAssertEqual(Set(sections.map(\.key)).subtracting(HandoverSection.Key.onlyWhenAny),
                       Set(HandoverSection.Key.allCases).subtracting(HandoverSection.Key.onlyWhenAny))
        let builder = ReportBuilder(state: state, strings: session.strings, now: now)
        for section in sections where section.key != .carriedIn && section.key != .carriedOut {
            let title = builder.handoverTitle(section.key)
            XCTAssertTrue(title.hasPrefix(section.counting == .period ? "本班" : "交班时"), "\(section.key): \(title)")
        }
    }
}
