import Foundation
import JingwuTestSupport
import Testing

@testable import JingwuDomain

/// The checkpoint's fingerprint is a digest of the fold's sources that the build generates
/// (EmbedResourcesPlugin, `EmbedResources --digest`): it follows the code, byte for byte.
@Suite(.serialized) final class FingerprintTests {
    /// The package's folder (this file is Tests/JingwuDomainTests/FingerprintTests.swift).
    private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The build tool, built for this machine beside the test binary.
    private func tool() throws -> URL {
        var folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            for name in ["EmbedResources-tool", "EmbedResources"] {
                let url = folder.appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        XCTFail("no EmbedResources tool beside \(folders.map(\.path))")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Runs the tool on `files` (relative to `root`) and returns the digest it generates.
    private func digest(root: URL, files: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("fold-digest-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = try tool()
        process.arguments = ["--digest", root.path, output.path] + files.map { root.appendingPathComponent($0).path }
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let source = try String(contentsOf: output, encoding: .utf8)
        let line = try XCTUnwrap(source.split(separator: "\n").first { $0.contains("static let sha256 = ") })
        return String(line.split(separator: "\"")[1])
    }

    /// Every `.swift` file under `folder`, relative to the package.
    private func swiftFiles(under folder: String) -> [String] {
        let base = packageRoot.appendingPathComponent(folder)
        let walker = FileManager.default.enumerator(atPath: base.path)
        var found: [String] = []
        while let name = walker?.nextObject() as? String {
            if name.hasSuffix(".swift") { found.append(folder + "/" + name) }
        }
        return found.sorted()
    }

    @Test func test_the_fingerprint_is_the_digest_the_build_generated_from_every_fold_source() throws {
        XCTAssertEqual(OfficeState.checkpointFingerprint, "fold-sha256=" + FoldDigest.sha256)
        XCTAssertEqual(FoldDigest.sha256.count, 64)
        XCTAssertTrue(FoldDigest.sha256.allSatisfy(\.isHexDigit))
        // It covers every source file of the domain (a new file included without a change
        // anywhere) and the journal's record codec.
        let domain = swiftFiles(under: "Sources/JingwuDomain")
        XCTAssertGreaterThan(domain.count, 30)
        XCTAssertEqual(Set(domain).subtracting(OfficeState.checkpointFingerprintSources), [])
        XCTAssertTrue(OfficeState.checkpointFingerprintSources.contains("Sources/JingwuJournal/RecordCodec.swift"))
        // The tool, run on the sources as they are, gives the digest this build embedded.
        XCTAssertEqual(try digest(root: packageRoot, files: FoldDigest.files), FoldDigest.sha256)
    }

    @Test func test_one_byte_changed_in_a_fold_source_changes_the_digest() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("fold-sources-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        for file in FoldDigest.files {
            let target = copy.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(file), to: target)
        }
        XCTAssertEqual(try digest(root: copy, files: FoldDigest.files), FoldDigest.sha256, "the copy digests as the tree")
        // A code renamed in a code list (wherever CellKind lives), a byte of the record codec, a
        // byte of the fold: each changes it.
        let codeList = try XCTUnwrap(FoldDigest.files.first { file in
            (try? String(contentsOf: copy.appendingPathComponent(file), encoding: .utf8))?
                .contains("case compound, street, village, site") == true
        })
        var seen: Set<String> = [FoldDigest.sha256]
        for (file, from, to) in [(codeList, "street, village", "street = \"streeT\", village"),
                                 ("Sources/JingwuJournal/RecordCodec.swift", nil, nil),
                                 (FoldDigest.files[FoldDigest.files.count / 2], nil, nil)] as [(String, String?, String?)] {
            let url = copy.appendingPathComponent(file)
            let original = try Data(contentsOf: url)
            var changed = original
            if let from, let to {
                let text = String(decoding: original, as: UTF8.self)
                XCTAssertTrue(text.contains(from), file)
                changed = Data(text.replacingOccurrences(of: from, with: to).utf8)
            } else {
                changed[changed.count / 2] ^= 0x01
            }
            try changed.write(to: url)
            let digest = try digest(root: copy, files: FoldDigest.files)
            XCTAssertFalse(seen.contains(digest), file)
            seen.insert(digest)
            try original.write(to: url)
        }
        XCTAssertEqual(try digest(root: copy, files: FoldDigest.files), FoldDigest.sha256, "put back, as it was")
    }
}
