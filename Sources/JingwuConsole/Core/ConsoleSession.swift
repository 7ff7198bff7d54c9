import Foundation
import JingwuDomain
import JingwuJournal
import JingwuResources
import JingwuTerminal

/// A refusal of a write, ready to show at the field it names.
public struct Refusal: Error, Equatable, Sendable {
    /// The command-line name of the field at fault (`cell`, `lead`, `at`), or "" for none.
    public var field: String
    /// The message in the operator's language.
    public var message: String
    /// The domain's refusal behind it, when there is one (a form words it with its own label).
    public var error: DomainError?

    public init(field: String, message: String, error: DomainError? = nil) {
        self.field = field
        self.message = message
        self.error = error
    }
}

/// What every screen shares: the office, the operator's strings, the clock, who is
/// writing, the message line, and where to go next.
public final class ConsoleSession {
    public let office: Office
    public let strings: Strings
    /// The badge written as `by` on every entry; see `ConsoleSession.resolveOperator`.
    public private(set) var operatorBadge: String?
    /// The line under the main area.
    public var message: Message?
    /// Set with `.navigate`: the tab to show and the record to select there.
    public var pendingNavigation: (tab: ConsoleTab, target: String?)?
    /// Notices from opening the journal, shown on the first screen until dismissed.
    public var notices: [String] = []
    /// Set when a write needed an operator badge and none is known: the frame asks for one.
    public var wantsOperatorPrompt = false
    /// Set by a screen when another officer must sign in here to go on (the incoming
    /// officer acknowledging a handover on an office with PINs): the console locks,
    /// offers that badge, and after their sign-in opens `then`.
    public var wantsSignIn: (badge: String, then: ConsoleTab)?
    /// Set by a screen that must cover the console now (wrong PINs typed in a form): the frame locks it.
    public var wantsLock = false

    /// The acknowledgement form filled in for the incoming officer who is signing in to
    /// confirm it: it outlives the screens rebuilt at sign-in, for that officer only.
    public var waitingAcknowledgement: (badge: String, form: Form)?

    /// Set when the console shows a read-only copy (an office's records fetched from the station,
    /// `jingwu --station URL --office X`): the refusal every write meets, in the operator's language.
    /// Keys offered by role (`may`) are not offered, no sign-in is asked (the station's database
    /// role is the access control), and every write is refused with this message, nothing written.
    public var readOnlyCopy: String?

    public init(office: Office, strings: Strings, operatorBadge: String?) {
        self.office = office
        self.strings = strings
        self.operatorBadge = operatorBadge
        documentsFolder = PrintExport.defaultFolder()
    }

    /// Where exports go (统计 `x`, a printed case file or handover): `PrintExport.defaultFolder()`
    /// (`$XDG_DOCUMENTS_DIR/jingwu`, else `~/Documents/jingwu`) as the environment gives it when the
    /// session opens. A property, not read from the environment at each export, so that a test sets
    /// its own folder without changing the process's environment under the tests beside it.
    public var documentsFolder: String

    /// What a form's full text field says when more is typed, in the operator's language.
    public var limitMessage: @Sendable (Int) -> String {
        { [strings] in strings.text("console.form.limit", ["n": String($0)]) }
    }

    public var state: OfficeState { office.state }
    public var now: Date { office.clock.now() }

    /// Text for a `console.` key (or any key).
    public func t(_ key: String, _ args: [String: String] = [:]) -> String { strings.text(key, args) }

    /// The operator badge: `--as` / `$JINGWU_AS` when given, else the duty officer of the
    /// open shift, else the only enrolled officer; otherwise nil (asked for on first write).
    public static func resolveOperator(explicit: String?, state: OfficeState) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let duty = state.shifts.current?.duty { return duty }
        let officers = state.officers.all
        return officers.count == 1 ? officers[0].badge : nil
    }

    /// Sets the operator after the prompt (checked against the roster).
    public func setOperator(_ badge: String) -> Refusal? {
        let cleaned = CleanText.strip(badge)
        guard state.officers.officer(cleaned) != nil else {
            let error = DomainError(.operatorUnknown, field: "as", value: cleaned)
            return Refusal(field: "as", message: error.screenMessage(strings))
        }
        operatorBadge = cleaned
        wantsOperatorPrompt = false
        return nil
    }

    /// An empty list's line. On the station's read-only copy the `…_readonly` wording, without the
    /// 「按 n 登记」 the office's console offers (nothing can be recorded there).
    func emptyListText(_ key: String) -> String {
        t(readOnlyCopy == nil ? key : key + "_readonly")
    }

    /// True when the operator's role allows `command`, so a screen offers its key only then
    /// (an auxiliary is not shown 撤销列管 or 调处成功). With no operator known yet it is
    /// true: the console asks at the first write. The domain still checks every write.
    public func may(_ command: some OfficeCommand) -> Bool {
        if readOnlyCopy != nil { return false }
        guard let badge = operatorBadge else { return true }
        return Roles.allows(command, by: badge, state: state)
    }

    /// Says why a key that is not offered does nothing here: the refusal `command` would
    /// meet (role, a record that cannot be voided…), checked without writing. The key is handled.
    func explainRefusal(_ command: some OfficeCommand) -> Effects {
        if let readOnlyCopy {
            say(.error, readOnlyCopy)
            return [.handled, .redraw]
        }
        var text = t("console.not_allowed")
        do {
            _ = try office.preview(command, as: operatorBadge)
        } catch let error as DomainError {
            text = error.screenMessage(strings)
        } catch {}
        say(.error, text)
        return [.handled, .redraw]
    }

    /// Runs a command through the office (the same validation as the CLI).
    /// On refusal nothing was written and the refusal names the field.
    public func execute(_ command: some OfficeCommand, at: Date? = nil, reason: String? = nil)
        -> Result<WriteResult, Refusal>
    {
        if let readOnlyCopy { return .failure(Refusal(field: "", message: readOnlyCopy)) }
        if operatorBadge == nil && !state.officers.isEmpty {
            wantsOperatorPrompt = true
            return .failure(Refusal(field: "as", message: t("console.operator.needed")))
        }
        do {
            return .success(try office.execute(command, as: operatorBadge, at: at, reason: reason))
        } catch let error as DomainError {
            return .failure(Refusal(field: error.field, message: error.screenMessage(strings), error: error))
        } catch let error as OperatorError {
            return .failure(Refusal(field: "", message: error.message(strings)))
        } catch {
            return .failure(Refusal(field: "", message: String(describing: error)))
        }
    }

    /// Asks the loop to open a tab on a record.
    public func navigate(to tab: ConsoleTab, target: String? = nil) -> Effects {
        pendingNavigation = (tab, target)
        return [.handled, .redraw, .navigate]
    }

    /// Shows an outcome on the message line.
    public func say(_ kind: Message.Kind, _ text: String) { message = Message(kind, text) }

    // MARK: Formatting in the office's zone

    /// "HH:MM" in the office's zone.
    public func clock(_ date: Date) -> String {
        let m = OfficeTime.minuteOfDay(date)
        return String(format: "%02d:%02d", m / 60, m % 60)
    }

    /// "MM-DD HH:MM" in the office's zone.
    public func dayClock(_ date: Date) -> String {
        let full = DateTimeField.format(date, utcOffsetSeconds: OfficeTime.offset)
        return String(full.dropFirst(5))
    }

    /// "YYYY-MM-DD HH:MM" in the office's zone.
    public func fullTime(_ date: Date) -> String { DateTimeField.format(date, utcOffsetSeconds: OfficeTime.offset) }

    /// A duration as "1:05" (hours:minutes) or "3d4h" past a day.
    public func duration(minutes: Int) -> String {
        if minutes >= 24 * 60 { return "\(minutes / 1440)d\(minutes % 1440 / 60)h" }
        return String(format: "%d:%02d", minutes / 60, minutes % 60)
    }

    /// An officer as "张三" (or the badge when unknown).
    public func officerName(_ badge: String) -> String { state.officers.byBadge[badge]?.name ?? badge }

    /// The display name of a domain code in the operator's language.
    public func name<C: DomainCode>(_ code: C) -> String { code.name(strings) }

    /// A `Form` discard question in the operator's language.
    public var discardDialog: ConfirmDialog {
        ConfirmDialog(title: t("console.discard.title"), message: t("console.discard.message"),
                      yesLabel: t("console.yes"), noLabel: t("console.no"))
    }
}
