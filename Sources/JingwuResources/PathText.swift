import Foundation

/// Paths as text, without Foundation's `NSString.deletingLastPathComponent`: on Linux it traps on a
/// one-character name with no slash (`j`, `张`, `c/`), so `jingwu --journal j init` stopped with
/// SIGILL, as did `--cache c` and any file an operator names with one letter.
public enum PathText {
    /// The folder that holds `path`, as `deletingLastPathComponent` gives it where it does not trap:
    /// "" for a bare name (`j`, `journal.jsonl`), "/" for a name at the root, trailing slashes ignored
    /// (`a/b/` → `a`), repeated ones made one (`a//b` → `a`, `/x//y/z` → `/x/y`).
    public static func parent(of path: String) -> String {
        var rest = Substring(path)
        while rest.count > 1, rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let slash = rest.lastIndex(of: "/") else { return "" }
        var parent = ""
        for character in rest[..<slash] where !(character == "/" && parent.hasSuffix("/")) { parent.append(character) }
        if parent.count > 1, parent.hasSuffix("/") { parent.removeLast() }
        return parent.isEmpty ? "/" : parent
    }
}
