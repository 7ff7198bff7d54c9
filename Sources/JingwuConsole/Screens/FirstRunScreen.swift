import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal

/// The first screen when there is no journal yet: set up a new office (station, office,
/// the first officer) or open a demo district. Never a stack trace or a blank screen.
public final class FirstRunScreen {
    /// How the office comes into being; the launcher gives file-backed ones, tests memory ones.
    public struct Makers {
        /// Creates an empty journal for a station and office.
        public var create: (_ station: String, _ office: String) throws -> Journal
        /// Builds a demo district and returns its journal; nil when no demo is available.
        public var demo: (() throws -> Journal)?
        public init(create: @escaping (String, String) throws -> Journal, demo: (() throws -> Journal)? = nil) {
            self.create = create
            self.demo = demo
        }
    }

    private let strings: Strings
    private let clock: JournalClock
    private let path: String
    private let makers: Makers
    private var form: Form?
    private var message: Message?
    private var finished: Office?
    private var quit = false

    public init(path: String, strings: Strings, clock: JournalClock, makers: Makers) {
        self.path = path
        self.strings = strings
        self.clock = clock
        self.makers = makers
    }

    private func t(_ key: String, _ args: [String: String] = [:]) -> String { strings.text(key, args) }

    func keys() -> ConsoleKeyTable {
        if form != nil {
            return ConsoleKeyTable([
                KeyBinding("next", keys: [.tab, .down], label: t("console.key.next_field")),
                KeyBinding("previous", keys: [.backTab, .up], label: t("console.key.previous_field"), showsInHints: false),
                KeyBinding("save", keys: [.f(10), .enter], label: t("console.key.save")),
                KeyBinding("cancel", keys: [.escape], label: t("console.key.cancel")),
                FormKit.edit,
            ])
        }
        var rows = [KeyBinding<ScreenAction>("setup", keys: [.character("s"), .enter], label: t("console.key.setup"))]
        if makers.demo != nil { rows.append(KeyBinding("demo", keys: [.character("d")], label: t("console.key.demo"))) }
        rows.append(KeyBinding("quit", keys: [.character("q"), .escape], label: t("console.key.quit")))
        return ConsoleKeyTable(rows)
    }

    /// Runs until the office exists (returned) or the operator leaves (nil).
    public func run(on screen: Screen, stopWhenIdle: Bool = false) -> Office? {
        render(into: screen)
        while finished == nil && !quit {
            let key = screen.readKey(timeoutMilliseconds: 1000)
            if key == .timeout {
                if stopWhenIdle { return nil }
                continue
            }
            if key == .resize { screen.clear() }
            handle(key)
            render(into: screen)
        }
        return finished
    }

    public func handle(_ key: Key) {
        // The table that draws the hint line picks the action; a key it does not list does nothing.
        guard let action = keys().action(for: key) else { return }
        if var current = form {
            let result = current.handle(key)
            if result.contains(.cancel) { form = nil; return }
            if result.contains(.submit) { save(&current) }
            if finished == nil { form = current }
            return
        }
        switch action {
        case "setup":
            form = Form(title: t("console.firstrun.form"), fields: [
                field("station"), field("office"), field("badge", max: 16), field("officer-name"),
                FormField(id: "role", label: t("console.field.role"),
                          editor: .choice(ChoiceList(options: [OfficerRole.police, .auxiliary].map { $0.name(strings) }))),
                // The first officer's PIN (issue 8): from now on everyone signs in.
                FormField(id: "pin", label: t("access.firstrun.pin"), editor: .text(TextField(maxLength: 12, secret: true))),
                FormField(id: "pin-again", label: t("access.firstrun.pin_again"), editor: .text(TextField(maxLength: 12, secret: true))),
            ], discard: ConfirmDialog(title: t("console.discard.title"), message: t("console.discard.message"),
                                      yesLabel: t("console.yes"), noLabel: t("console.no")))
        case "demo":
            guard let demo = makers.demo else { return }
            do {
                finished = try Office(journal: try demo(), clock: clock)
            } catch {
                message = Message(.error, t("console.firstrun.failed", ["message": describe(error)]))
            }
        case "quit":
            quit = true
        default:
            break
        }
    }

    private func field(_ id: String, max: Int = 40) -> FormField {
        FormField(id: id, label: t("console.field.\(id)"), editor: .text(TextField(maxLength: max)))
    }

    /// A field's label as its refusal names it.
    private func label(_ id: String) -> String { t("console.field.\(id)").trimmingCharacters(in: .whitespaces) }

    private func save(_ form: inout Form) {
        let v = form.values
        var ok = true
        for id in ["station", "office", "badge", "officer-name"] where CleanText.strip(v[id] ?? "").isEmpty {
            form.setMessage(DomainError(.required, field: id).screenMessage(strings, fieldLabel: label(id)), for: id)
            if ok { form.focus(on: id) }
            ok = false
        }
        guard ok else { return }
        let role: OfficerRole = {
            if case .choice(let list)? = form.field("role")?.editor, list.selected == 1 { return .auxiliary }
            return .police
        }()
        let pin = v["pin"] ?? ""
        do {
            try Pin.validate(pin)
        } catch let error as DomainError {
            form.setMessage(error.screenMessage(strings), for: "pin")
            form.focus(on: "pin")
            return
        } catch {}
        guard v["pin-again"] == pin else {
            form.setMessage(t("access.firstrun.pin_mismatch"), for: "pin-again")
            form.focus(on: "pin-again")
            return
        }
        // Check the officer before creating anything, so a refusal leaves no file behind.
        let enrol = EnrollOfficer(badge: v["badge"] ?? "", name: v["officer-name"] ?? "", role: role)
        do {
            _ = try enrol.decide(OfficeState(), WriteContext(now: clock.now()))
        } catch let error as DomainError {
            let id = error.field == "name" ? "officer-name" : error.field
            form.setMessage(error.screenMessage(strings, fieldLabel: label(id)), for: id)
            form.focus(on: id)
            return
        } catch {}
        do {
            let journal = try makers.create(CleanText.strip(v["station"] ?? ""), CleanText.strip(v["office"] ?? ""))
            let office = try Office(journal: journal, clock: clock)
            // The first officer enrols themself: the record names them, as the command line's `--as` does.
            try office.execute(enrol, as: CleanText.strip(v["badge"] ?? ""))
            try office.setPin(badge: CleanText.strip(v["badge"] ?? ""), pin: pin, as: CleanText.strip(v["badge"] ?? ""))
            finished = office
        } catch {
            message = Message(.error, t("console.firstrun.failed", ["message": describe(error)]))
        }
    }

    private func describe(_ error: Error) -> String {
        if let error = error as? DomainError { return error.screenMessage(strings) }
        if let error = error as? OperatorError { return error.message(strings) }
        return String(describing: error)
    }

    public func render(into screen: Screen) {
        screen.cursor = nil
        let layout = FrameLayout(size: screen.size)
        screen.fill(Rect(screen.size), style: .normal)
        TitleLine.render(left: t("console.firstrun.title"), right: "", into: screen, rect: layout.title)
        let main = Rect(row: layout.tabs.row, col: 0, width: screen.size.columns,
                        height: layout.main.height + layout.tabs.height)
        if let form {
            form.render(into: screen, rect: main.inset(1))
        } else {
            let lines = [t("console.firstrun.intro", ["path": path]), "", t("console.firstrun.choose"), "",
                         t("console.firstrun.setup")] + (makers.demo != nil ? [t("console.firstrun.demo")] : [])
                + [t("console.firstrun.quit")]
            for (n, line) in lines.enumerated() {
                screen.put("  " + line, in: main, line: n + 1, style: n == 0 ? .header : .normal)
            }
        }
        MessageLine.render(message, into: screen, rect: layout.message)
        KeyHintLine.render(keys().hints, into: screen, rect: layout.hints)
        screen.flush()
    }
}
