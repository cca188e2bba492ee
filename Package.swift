// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "StreamScope",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "StreamEngine", targets: ["StreamEngine"]),
        .library(name: "RESP", targets: ["RESP"]),
        .library(name: "StreamCommands", targets: ["StreamCommands"]),
        .library(name: "StreamNetwork", targets: ["StreamNetwork"]),
        .executable(name: "streamscope", targets: ["streamscope"]),
        .executable(name: "streamscope-bench", targets: ["StreamBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // Pure layers: no I/O.
        .target(name: "StreamEngine"),
        .target(name: "RESP"),
        .target(name: "StreamCommands", dependencies: ["StreamEngine", "RESP"]),
        // The only sockets: the engine over the Redis protocol (SwiftNIO).
        .target(name: "StreamNetwork", dependencies: [
            "StreamCommands", "StreamEngine", "RESP",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "streamscope", dependencies: [
            "StreamCommands", "StreamEngine", "RESP", "StreamNetwork",
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(name: "StreamBench", dependencies: ["StreamEngine"], path: "Benchmarks/StreamBench"),

        // Shared by the test targets only (a seeded generator, redis-server as oracle).
        .target(name: "TestSupport", dependencies: ["RESP"], path: "Tests/TestSupport"),
        .testTarget(name: "StreamEngineTests", dependencies: ["StreamEngine", "TestSupport"]),
        .testTarget(name: "RESPTests", dependencies: ["RESP", "TestSupport"], exclude: ["FixtureScripts"]),
        .testTarget(
            name: "StreamCommandsTests",
            dependencies: ["StreamCommands", "StreamEngine", "RESP", "TestSupport"],
            exclude: ["Scripts"]
        ),
        .testTarget(
            name: "StreamNetworkTests",
            dependencies: ["StreamNetwork", "StreamCommands", "StreamEngine", "RESP", "TestSupport"]
        ),
    ]
)
