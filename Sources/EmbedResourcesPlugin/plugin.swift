import Foundation
import PackagePlugin

/// Embeds every file under the package's top-level `Resources/` folder into
/// the target as a generated Swift source, so the binary carries its strings,
/// policy and help text wherever it is copied.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let resources = context.package.directoryURL.appending(path: "Resources")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: resources, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker {
                let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                if isFile { inputs.append(url) }
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding Resources/ (\(inputs.count) files)",
                executable: try context.tool(named: "EmbedResources").url,
                arguments: [resources.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
