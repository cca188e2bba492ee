// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "StreamScope",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StreamEngine", targets: ["StreamEngine"]),
        .library(name: "RESP", targets: ["RESP"]),
        .library(name: "StreamCommands", targets: ["StreamCommands"]),
        .library(name: "TerminalUI", targets: ["TerminalUI"]),
        .library(name: "Explorer", targets: ["Explorer"]),
        .executable(name: "streamscope", targets: ["streamscope"]),
        .executable(name: "streamscope-bench", targets: ["StreamBench"]),
        .executable(name: "streamscope-explorer-bench", targets: ["ExplorerBench"]),
    ],
    targets: [
        // Pure layers: no I/O.
        .target(name: "StreamEngine"),
        .target(name: "RESP"),
        .target(name: "StreamCommands", dependencies: ["StreamEngine", "RESP"]),
        .target(name: "TerminalUI"),
        .target(name: "Explorer", dependencies: ["StreamEngine", "StreamCommands", "RESP", "TerminalUI"],
                resources: [.copy("Resources/demo-workload.json")]),

        // I/O layers: the terminal.
        .systemLibrary(name: "CNCursesW"),
        .target(name: "TerminalBackend", dependencies: ["CNCursesW", "TerminalUI"]),

        .executableTarget(name: "streamscope",
                          dependencies: ["StreamCommands", "StreamEngine", "RESP", "Explorer", "TerminalBackend", "TerminalUI"]),

        .executableTarget(name: "StreamBench", dependencies: ["StreamEngine"], path: "Benchmarks/StreamBench"),
        .executableTarget(name: "ExplorerBench", dependencies: ["Explorer", "StreamEngine", "TerminalUI"], path: "Benchmarks/ExplorerBench"),

        // Shared by the test targets only (a seeded generator).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "StreamEngineTests", dependencies: ["StreamEngine", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "StreamEngine", "StreamCommands", "TerminalUI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
        .testTarget(name: "RESPTests", dependencies: ["RESP", "TestSupport"], exclude: ["FixtureScripts"]),
        .testTarget(
            name: "StreamCommandsTests",
            dependencies: ["StreamCommands", "StreamEngine", "RESP", "TestSupport"],
            exclude: ["Scripts"]
        ),
    ]
)
