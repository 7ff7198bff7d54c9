import Foundation
import PackagePlugin

/// Two build steps, by target:
/// - `JingwuResources`: embeds every file under the package's top-level `Resources/` folder
///   into the target as a generated Swift source, so the binary carries its strings, policy
///   and help text wherever it is copied.
/// - `JingwuDomain`: a SHA-256 of every source file the fold depends on (`foldSources`),
///   generated as `FoldDigest.swift`. It is the checkpoint's fingerprint: a build whose fold
///   differs by one byte of its code or of a code list ignores the checkpoints of another.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    /// What decodes records into `OfficeState` and lays it out in a checkpoint: all of
    /// JingwuDomain (events, code lists, books, fold, checkpoint codec) and the journal's
    /// record codec, record types and time format. Folders are taken whole (every `.swift`
    /// file in them, so a new file is covered without a change here).
    static let foldSources = (
        folders: ["Sources/JingwuDomain"],
        files: ["Sources/JingwuJournal/RecordCodec.swift", "Sources/JingwuJournal/Journal.swift",
                "Sources/JingwuJournal/RFC3339.swift"]
    )

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "EmbedResources").url
        let root = context.package.directoryURL
        if target.name == "JingwuDomain" {
            var inputs: [URL] = Self.foldSources.files.map { root.appending(path: $0) }
            for folder in Self.foldSources.folders {
                inputs += files(under: root.appending(path: folder)).filter { $0.pathExtension == "swift" }
            }
            inputs.sort { $0.path < $1.path }
            let output = context.pluginWorkDirectoryURL.appending(path: "FoldDigest.swift")
            return [
                .buildCommand(
                    displayName: "Digesting the fold's sources (\(inputs.count) files)",
                    executable: tool,
                    arguments: ["--digest", root.path, output.path] + inputs.map(\.path),
                    inputFiles: inputs,
                    outputFiles: [output]
                ),
            ]
        }
        let resources = root.appending(path: "Resources")
        let inputs = files(under: resources).sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding Resources/ (\(inputs.count) files)",
                executable: tool,
                arguments: [resources.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    /// Every regular file under `folder`, at any depth.
    private func files(under folder: URL) -> [URL] {
        var found: [URL] = []
        if let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker {
                let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                if isFile { found.append(url) }
            }
        }
        return found
    }
}
