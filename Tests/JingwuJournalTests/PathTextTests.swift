import Foundation
import JingwuResources
import Testing
import JingwuTestSupport

/// A path's folder without Foundation's `NSString.deletingLastPathComponent`, which traps on a
/// one-character name (`jingwu --journal j init`, `--cache c`, `--out e` stopped with SIGILL).
@Suite(.serialized) final class PathTextTests {
    @Test func test_the_parent_of_every_kind_of_name() {
        for (path, parent) in [("j", ""), ("张", ""), ("c/", ""), ("cache", ""), ("a/b", "a"), ("a/b/", "a"), ("a//b", "a"),
                               ("/a", "/"), ("/", "/"), ("/a/b/c", "/a/b"), ("./c", "."), ("../j", ".."),
                               ("缓存/警务室", "缓存"), ("/tmp/office/journal.jsonl", "/tmp/office")] {
            XCTAssertEqual(PathText.parent(of: path), parent, path)
        }
    }

    /// Where Foundation does not trap (a last name of two characters or more), the same answer (but for
    /// a path opening with two slashes or holding three together, where Foundation keeps some repeated
    /// ones and not others).
    @Test func test_the_parent_is_foundation_s_where_foundation_answers() {
        var rng = SystemRandomNumberGenerator()
        let parts = ["a", "ab", "日志", ".", "..", "", "x.jsonl", "戴花园", "j"]
        for _ in 0..<5_000 {
            var path = Int.random(in: 0..<3, using: &rng) == 0 ? "/" : ""
            for n in 0..<Int.random(in: 0...4, using: &rng) {
                if n > 0 { path += String(repeating: "/", count: Int.random(in: 1...2, using: &rng)) }
                path += parts.randomElement(using: &rng)!
            }
            path += (path.isEmpty || path.hasSuffix("/") ? "" : "/") + ["ab", "journal.jsonl", "日志", "cd"].randomElement(using: &rng)!
            if Bool.random(using: &rng) { path += "/" }
            if path.hasPrefix("//") || path.contains("///") { continue }
            XCTAssertEqual(PathText.parent(of: path), (path as NSString).deletingLastPathComponent, path)
        }
    }
}
