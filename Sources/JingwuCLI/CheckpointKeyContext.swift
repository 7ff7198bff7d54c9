import Foundation
import JingwuDomain
import JingwuJournal

extension CommandContext {
    /// The key that authenticates checkpoints, found through the environment the CLI was
    /// given (`$XDG_CONFIG_HOME/jingwu`, else `$HOME/.config/jingwu`), never the process's:
    /// nil (no checkpoints, said only in a trace) when it cannot be had safely.
    var checkpointKey: CheckpointKeySource {
        .key(CheckpointKey.load(environment: environment, journalPath: journalPath))
    }
}

extension CommandContext {
    /// The operator's PIN when the command was given it up front (`JINGWU_PIN` with `--as` or
    /// `$JINGWU_AS`), to be derived while the office opens; nil otherwise (a prompt asks later).
    var pinAhead: PinAhead? {
        guard let badge = operatorBadge, let pin = environment["JINGWU_PIN"] else { return nil }
        return PinAhead(badge: badge, pin: pin)
    }
}
