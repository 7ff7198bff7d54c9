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
