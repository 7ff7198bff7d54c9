// swift-tools-version: 6.1
//
// jingwu (警务室值班台): the duty console of a community police office.
// No Swift package dependencies: system C libraries come in through
// system-library targets, everything else is Foundation and the toolchain.
import PackageDescription

// The journal and the domain are compiled optimized in debug builds too: `swift test` folds
// and generates tens of thousands of records (demo districts, fuzzed checkpoints), which
// unoptimized took most of the suite's time. Behaviour is the same; only stepping through
// these two modules in a debugger is poorer.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
// The layers the console tests draw through (text width and safety, the virtual screen, the
// screens) likewise: unoptimized, their per-cell and per-character work was most of the suite's
// CPU beside the domain's. `assert` stays on in debug builds (`-assert-config Debug`).
let optimizedInDebugKeepingAsserts: [SwiftSetting] = [
    .unsafeFlags(["-O", "-assert-config", "Debug"], .when(configuration: .debug)),
]

let package = Package(
    name: "jingwu",
    products: [
        .executable(name: "jingwu", targets: ["jingwu"]),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        // libpq for the station's PostgreSQL (Debian's libpq-dev; its header lives in
        // /usr/include/postgresql): not linked, loaded when the station is first used (see its shim.h).
        .systemLibrary(name: "CLibpq", path: "Sources/CLibpq"),

        // Resources/ (strings, policy, help) embedded into the binary at build
        // time, so a copied binary still finds them.
        .executableTarget(name: "EmbedResources", path: "Sources/EmbedResources"),
        .plugin(
            name: "EmbedResourcesPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedResources"],
            path: "Sources/EmbedResourcesPlugin"
        ),
        .target(
            name: "JingwuResources",
            path: "Sources/JingwuResources",
            swiftSettings: optimizedInDebugKeepingAsserts,
            plugins: ["EmbedResourcesPlugin"]
        ),

        // The layers, lowest first. Arrows point down only.
        .target(
            name: "JingwuJournal", dependencies: ["CCrypto", "JingwuResources"], path: "Sources/JingwuJournal",
            swiftSettings: optimizedInDebug
        ),
        .target(
            name: "JingwuDomain",
            dependencies: ["JingwuJournal", "JingwuResources", "CCrypto"],
            path: "Sources/JingwuDomain",
            swiftSettings: optimizedInDebug,
            // Generates FoldDigest.swift: the checkpoint's fingerprint (see the plugin).
            plugins: ["EmbedResourcesPlugin"]
        ),
        .target(
            name: "JingwuTerminal", dependencies: ["CNcursesw", "JingwuResources"], path: "Sources/JingwuTerminal",
            swiftSettings: optimizedInDebugKeepingAsserts
        ),
        .target(
            name: "JingwuConsole",
            dependencies: ["JingwuDomain", "JingwuTerminal", "JingwuResources"],
            path: "Sources/JingwuConsole",
            swiftSettings: optimizedInDebugKeepingAsserts
        ),
        // The station: every office's journal gathered into the 派出所's PostgreSQL.
        .target(
            name: "JingwuStation",
            dependencies: ["CLibpq", "JingwuJournal", "JingwuResources"],
            path: "Sources/JingwuStation"
        ),
        .target(
            name: "JingwuCLI",
            dependencies: ["JingwuJournal", "JingwuDomain", "JingwuConsole", "JingwuResources", "JingwuStation"],
            path: "Sources/JingwuCLI"
        ),
        .executableTarget(name: "jingwu", dependencies: ["JingwuCLI", "JingwuJournal"], path: "Sources/jingwu"),

        // Small helper programs used by scripts/ (widget demo, benchmarks).
        .executableTarget(
            name: "jingwu-widgets-demo",
            dependencies: ["JingwuTerminal"],
            path: "Sources/jingwu-widgets-demo"
        ),
        .executableTarget(
            name: "jingwu-bench",
            dependencies: ["JingwuJournal", "JingwuDomain", "JingwuConsole", "JingwuTerminal"],
            path: "Sources/jingwu-bench"
        ),

        // Tests.
        // XCTest's assertion names for the tests, recording Swift Testing issues (Checks.swift).
        .target(name: "JingwuTestSupport", path: "Tests/JingwuTestSupport"),
        .testTarget(name: "JingwuJournalTests", dependencies: ["JingwuJournal", "JingwuTestSupport"]),
        .testTarget(
            name: "JingwuDomainTests",
            dependencies: ["JingwuDomain", "JingwuJournal", "CCrypto", "JingwuTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "JingwuTerminalTests", dependencies: ["JingwuTerminal", "JingwuTestSupport"]),
        .testTarget(name: "JingwuConsoleTests", dependencies: ["JingwuConsole", "JingwuDomain", "JingwuTerminal", "JingwuTestSupport"]),
        .testTarget(name: "JingwuCLITests", dependencies: ["JingwuCLI", "JingwuJournal", "JingwuTestSupport"]),
        .testTarget(
            name: "JingwuStationTests",
            dependencies: ["JingwuStation", "JingwuCLI", "JingwuJournal", "JingwuResources", "JingwuConsole", "JingwuDomain", "JingwuTerminal", "JingwuTestSupport"]
        ),
    ]
)
