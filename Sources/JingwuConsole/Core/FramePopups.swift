import Foundation
import JingwuTerminal

/// The frame's own pop-ups (the help overlay, the quit question, the operator prompt) dispatch
/// through key tables like the screens: while one is open it takes every key, but only the keys
/// its table lists do anything; the rest change nothing.
extension ConsoleApp {
    /// What the help overlay answers to: scroll, and close.
    func helpKeys() -> ConsoleKeyTable {
        ConsoleKeyTable([
            KeyBinding("scroll", keys: [.up, .down], label: session.t("console.key.scroll"), quietKeys: [.pageUp, .pageDown]),
            KeyBinding("close", keys: [.escape, .enter, .character("q"), .character("?"), .f(1)],
                       label: session.t("console.key.close"), quietKeys: [.ctrl("c")]),
        ])
    }

    /// What the operator prompt answers to: Enter sets the badge, Esc gives up, the rest types.
    func operatorPromptKeys() -> ConsoleKeyTable {
        ConsoleKeyTable([
            KeyBinding("save", keys: [.enter], label: session.t("console.key.save")),
            KeyBinding("cancel", keys: [.escape], label: session.t("console.key.cancel"), quietKeys: [.ctrl("c")]),
            FormKit.edit,
        ])
    }

    /// The open pop-up's table (the quit question's is every yes/no question's), nil when none is open.
    /// The quit question covers help, and help the operator prompt, as they are drawn.
    func popupKeys() -> ConsoleKeyTable? {
        if quitConfirm != nil { return FormKit.confirmKeys(session) }
        if help != nil { return helpKeys() }
        if operatorPrompt != nil { return operatorPromptKeys() }
        return nil
    }

    /// A key while a pop-up is open: only the keys of its table reach it, and no key gets past it.
    func handlePopup(_ key: Key, table: ConsoleKeyTable) -> Effects {
        guard let action = table.action(for: key) else { return [] }
        if var dialog = quitConfirm {
            // yes, no, button: the dialog answers with y/n/Esc or the focused button.
            let result = dialog.handle(key)
            quitConfirm = dialog
            if result.contains(.submit) { quitting = true; quitConfirm = nil; return [.handled, .quit] }
            if result.contains(.cancel) { quitConfirm = nil }
            return .updated
        }
        if var overlay = help {
            switch action {
            case "close":
                help = nil
            default:  // "scroll"
                _ = overlay.handle(key)
                help = overlay
            }
            return .updated
        }
        guard var prompt = operatorPrompt else { return [] }
        switch action {
        case "cancel":
            operatorPrompt = nil
            session.wantsOperatorPrompt = false
        case "save":
            if let refusal = session.setOperator(prompt.field.text) {
                prompt.error = refusal.message
                operatorPrompt = prompt
            } else {
                operatorPrompt = nil
                session.say(.ok, session.t("console.operator.set", ["badge": session.operatorBadge ?? "",
                                                                      "name": session.officerName(session.operatorBadge ?? "")]))
            }
        default:  // "edit"
            _ = prompt.field.handle(key)
            prompt.error = nil
            operatorPrompt = prompt
        }
        return .updated
    }

    /// Which pop-up is open, if any (tests).
    var openPopup: String? {
        quitConfirm != nil ? "quit" : help != nil ? "help" : operatorPrompt != nil ? "operator" : nil
    }
}
