import Foundation

/// The files of the package's `Resources/` folder, embedded into the binary at
/// build time (see `EmbedResourcesPlugin`).
///
/// A file of the same relative path under `$JINGWU_RESOURCES` (if set) wins,
/// so an office can adjust policy or wording without rebuilding.
public enum ResourceFiles {
    /// The bytes of `Resources/<path>`, or nil when there is no such file.
    public static func data(_ path: String) -> Data? {
        // `getenv`, not `ProcessInfo.environment`, which copies the whole environment into a
        // dictionary at every call (a headless command reads a dozen files).
        if let value = getenv("JINGWU_RESOURCES"), case let override = String(cString: value), !override.isEmpty {
            let url = URL(fileURLWithPath: override).appendingPathComponent(path)
            if let data = try? Data(contentsOf: url) { return data }
        }
        guard let base64 = EmbeddedResources.files[path] else { return nil }
        return Data(base64Encoded: base64)
    }

    /// Every embedded path under `folder` ("strings/zh-Hans/"), sorted.
    public static func paths(under folder: String) -> [String] {
        EmbeddedResources.files.keys.filter { $0.hasPrefix(folder) }.sorted()
    }
}
