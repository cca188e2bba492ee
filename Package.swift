// swift-tools-version:6.0
import PackageDescription

/// The server's hot path (engine, protocol, command table, sockets) builds without the
/// run-time exclusivity checks in release: debug builds, which the tests use, keep them,
/// and release pipelined XADD through `serve` gains about 10% (see README, "Speed").
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "StreamScope",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StreamEngine", targets: ["StreamEngine"]),
        .library(name: "RESP", targets: ["RESP"]),
        .library(name: "StreamCommands", targets: ["StreamCommands"]),
        .library(name: "TerminalUI", targets: ["TerminalUI"]),
        .library(name: "Explorer", targets: ["Explorer"]),
        .library(name: "StreamServer", targets: ["StreamServer"]),
        .library(name: "StreamNetwork", targets: ["StreamNetwork"]),
        .library(name: "Lessons", targets: ["Lessons"]),
        .library(name: "KafkaModel", targets: ["KafkaModel"]),
        .executable(name: "streamscope", targets: ["streamscope"]),
        .executable(name: "streamscope-bench", targets: ["StreamBench"]),
        .executable(name: "streamscope-explorer-bench", targets: ["ExplorerBench"]),
        .executable(name: "streamscope-storage-bench", targets: ["StorageBench"]),
        .executable(name: "streamscope-lessons-bench", targets: ["LessonsBench"]),
        .executable(name: "FuzzRequestParser", targets: ["FuzzRequestParser"]),
        .executable(name: "FuzzCommands", targets: ["FuzzCommands"]),
        .executable(name: "FuzzRecovery", targets: ["FuzzRecovery"]),
        .executable(name: "FuzzExplorerInput", targets: ["FuzzExplorerInput"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // Pure layers: no I/O.
        .target(name: "StreamEngine", swiftSettings: hotPath),
        .target(name: "RESP", swiftSettings: hotPath),
        .target(name: "StreamCommands", dependencies: ["StreamEngine", "RESP"], swiftSettings: hotPath),
        .target(name: "TerminalUI"),
        // A model of Kafka's consumer-group protocol (the lessons' Kafka lens): no I/O.
        .target(name: "KafkaModel"),
        // Files: the journal and snapshots of a data directory.
        .target(name: "StreamStorage", dependencies: ["StreamEngine", "StreamCommands"]),
        .target(name: "Explorer", dependencies: ["StreamEngine", "StreamCommands", "RESP", "TerminalUI", "Lessons", "KafkaModel", "StreamScopeResources",
                                                 .product(name: "TOMLKit", package: "TOMLKit")]),
        // The package's data files (the lessons, the demo scenario), served to the targets that read them.
        .target(name: "StreamScopeResources", path: "Resources", resources: [.copy("lessons"), .copy("demo.yaml")]),
        // Teaching mode: scripted, seeded lessons run on the embedded engine. No I/O besides
        // reading a lesson's bytes.
        .target(name: "Lessons", dependencies: [
            "StreamEngine", "StreamCommands", "RESP", "StreamScopeResources", "KafkaModel",
            .product(name: "Yams", package: "Yams"),
        ]),

        // The server without sockets (bytes in, bytes out): connections' state, pipelining,
        // blocking, transactions, the connection and server commands. No I/O: whoever owns
        // the sockets feeds it and delivers what it hands back.
        .target(name: "StreamServer", dependencies: ["StreamCommands", "StreamEngine", "RESP"], swiftSettings: hotPath),

        // I/O layers: the terminal, and the only sockets (SwiftNIO for the server).
        .systemLibrary(name: "CNCursesW"),
        .target(name: "TerminalBackend", dependencies: ["CNCursesW", "TerminalUI"]),
        .target(name: "StreamNetwork", dependencies: [
            "StreamServer", "StreamCommands", "StreamEngine", "RESP",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),

        .executableTarget(name: "streamscope", dependencies: [
            "StreamCommands", "StreamEngine", "RESP", "Explorer", "TerminalBackend", "TerminalUI", "StreamServer", "StreamNetwork", "StreamStorage", "Lessons",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .executableTarget(name: "StreamBench", dependencies: ["StreamEngine"], path: "Benchmarks/StreamBench"),
        .executableTarget(name: "StorageBench", dependencies: ["StreamStorage", "StreamEngine", "StreamCommands"], path: "Benchmarks/StorageBench"),
        .executableTarget(name: "LessonsBench", dependencies: ["Lessons", "StreamEngine"], path: "Benchmarks/LessonsBench"),
        .executableTarget(name: "ExplorerBench", dependencies: ["Explorer", "StreamEngine", "TerminalUI"], path: "Benchmarks/ExplorerBench"),

        // Fuzzing: the harnesses (decoding a fuzzer's bytes and checking what must hold) are a
        // library, so tests replay the corpus and every crash through them; each fuzz target
        // is a small executable around one harness (README, "Fuzzing"). Built with
        // `-sanitize=fuzzer` and `-DFUZZING` its `main` runs libFuzzer's driver; built
        // plainly, it replays the files it is given.
        .systemLibrary(name: "CLibFuzzer", path: "Sources/Fuzz/CLibFuzzer"),
        .target(name: "FuzzHarness", dependencies: [
            "CLibFuzzer", "RESP", "StreamEngine", "StreamCommands", "StreamStorage", "Explorer", "Lessons", "TerminalUI",
        ], path: "Sources/Fuzz/Harness"),
        .executableTarget(name: "FuzzRequestParser", dependencies: ["FuzzHarness"], path: "Sources/Fuzz/FuzzRequestParser"),
        .executableTarget(name: "FuzzCommands", dependencies: ["FuzzHarness"], path: "Sources/Fuzz/FuzzCommands"),
        .executableTarget(name: "FuzzRecovery", dependencies: ["FuzzHarness"], path: "Sources/Fuzz/FuzzRecovery"),
        .executableTarget(name: "FuzzExplorerInput", dependencies: ["FuzzHarness"], path: "Sources/Fuzz/FuzzExplorerInput"),

        // Shared by the test targets only (a seeded generator, redis-server as oracle).
        .target(name: "TestSupport", dependencies: ["RESP"], path: "Tests/TestSupport"),
        .testTarget(name: "StreamEngineTests", dependencies: ["StreamEngine", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"]),
        .testTarget(name: "StreamStorageTests", dependencies: ["StreamStorage", "StreamEngine", "StreamCommands", "RESP", "TestSupport"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "Lessons", "StreamEngine", "StreamCommands", "TerminalUI",
                                                        "StreamNetwork", "RESP", "TestSupport"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "KafkaModelTests", dependencies: ["KafkaModel"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "KafkaModel", "StreamEngine", "StreamCommands", "RESP", "TestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "FuzzHarnessTests", dependencies: ["FuzzHarness", "StreamEngine", "StreamCommands", "StreamStorage", "TerminalUI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "RESP", "StreamCommands", "Lessons"]),
        .testTarget(name: "RESPTests", dependencies: ["RESP", "TestSupport"], exclude: ["FixtureScripts"]),
        .testTarget(
            name: "StreamCommandsTests",
            dependencies: ["StreamCommands", "StreamEngine", "RESP", "TestSupport"],
            exclude: ["Scripts"]
        ),
        .testTarget(
            name: "StreamServerTests",
            dependencies: ["StreamServer", "StreamCommands", "StreamEngine", "RESP", "TestSupport"]
        ),
        .testTarget(
            name: "StreamNetworkTests",
            dependencies: ["StreamNetwork", "StreamServer", "StreamCommands", "StreamEngine", "StreamStorage", "RESP", "TestSupport"]
        ),
    ]
)
