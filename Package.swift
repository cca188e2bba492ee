// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "StreamScope",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StreamEngine", targets: ["StreamEngine"]),
        .library(name: "RESP", targets: ["RESP"]),
        .library(name: "StreamCommands", targets: ["StreamCommands"]),
        .executable(name: "streamscope", targets: ["streamscope"]),
        .executable(name: "streamscope-bench", targets: ["StreamBench"]),
    ],
    targets: [
        // Pure layers: no I/O.
        .target(name: "StreamEngine"),
        .target(name: "RESP"),
        .target(name: "StreamCommands", dependencies: ["StreamEngine", "RESP"]),
        .executableTarget(name: "streamscope", dependencies: ["StreamCommands", "StreamEngine", "RESP"]),

        .executableTarget(name: "StreamBench", dependencies: ["StreamEngine"], path: "Benchmarks/StreamBench"),

        // Shared by the test targets only (a seeded generator).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "StreamEngineTests", dependencies: ["StreamEngine", "TestSupport"]),
        .testTarget(name: "RESPTests", dependencies: ["RESP", "TestSupport"], exclude: ["FixtureScripts"]),
        .testTarget(
            name: "StreamCommandsTests",
            dependencies: ["StreamCommands", "StreamEngine", "RESP", "TestSupport"],
            exclude: ["Scripts"]
        ),
    ]
)
