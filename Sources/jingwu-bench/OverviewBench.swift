import Foundation
import JingwuConsole
import JingwuTerminal

/// 总览 (issue 17): the time from a keystroke to the redrawn screen on the overview — the
/// selection moved with ↓ ↑ — and for each key of a global search typed from it (`/`, then a
/// name one character at a time, results drawn as it is typed, Backspace, Esc).
func benchOverview(press: (Key) -> Double) {
    let switchMs = press(.character("1"))
    var moves: [Double] = []
    for _ in 0..<4 { for key in [Key.down, .down, .down, .up, .up, .up] { moves.append(press(key)) } }
    moves.sort()
    say(String(format: "keystroke_overview_ms switch %.2f p50 %.2f max %.2f", switchMs, percentile(moves, 0.5),
               moves.last ?? 0))
    let open = press(.character("/"))
    var typing: [Double] = []
    for _ in 0..<3 {
        for key in [Key.character("王"), .character("建"), .backspace, .backspace, .character("D"), .character("2"),
                    .backspace, .backspace] {
            typing.append(press(key))
        }
    }
    let close = press(.escape)
    typing.sort()
    say(String(format: "keystroke_overview_search_ms open %.2f p50 %.2f max %.2f close %.2f", open,
               percentile(typing, 0.5), typing.last ?? 0, close))
}
