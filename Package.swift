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
    ],
    targets: [
        // Pure layers: no I/O.
        .target(name: "StreamEngine"),
        .target(name: "RESP"),
        .target(name: "StreamCommands", dependencies: ["StreamEngine", "RESP"]),
        .executableTarget(name: "streamscope", dependencies: ["StreamCommands"]),

        .testTarget(name: "StreamEngineTests", dependencies: ["StreamEngine"]),
        .testTarget(name: "RESPTests", dependencies: ["RESP"]),
        .testTarget(
            name: "StreamCommandsTests",
            dependencies: ["StreamCommands", "StreamEngine", "RESP"],
            resources: [.copy("Scripts")]
        ),
    ]
)
