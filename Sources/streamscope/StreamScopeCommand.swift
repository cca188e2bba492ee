import ArgumentParser
import StreamCommands

/// `streamscope`: the root command. Without a subcommand it runs `explore`, so
/// `streamscope --memory` opens the explorer.
@main
struct StreamScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streamscope",
        abstract: "Explore, serve and check Redis-Streams-style logs.",
        discussion: """
            StreamScope carries its own stream engine with Redis's stream semantics (as \
            Redis 8 or 7.0 answers; --redis-version), keeps its data in a journaled \
            directory or in memory, and explores either that engine or a real Redis \
            server (7.0 or later). Without a subcommand it opens the \
            explorer: `streamscope --memory` is `streamscope explore --memory`. See \
            `streamscope help <subcommand>` for each one's options.
            """,
        version: ServerInfo.version,
        // A new mode is one more ParsableCommand here.
        subcommands: [ExploreCommand.self, LearnCommand.self, ServeCommand.self, PromptCommand.self, CheckCommand.self, KeysCommand.self],
        defaultSubcommand: ExploreCommand.self)
}
