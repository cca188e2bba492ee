import Explorer
import Foundation
import StreamNetwork
#if canImport(Glibc)
import Glibc
#endif

extension RedisClient: CommandChannel {}

/// The Redis source for `--redis URL`: the password comes from the URL, then
/// REDISCLI_AUTH, then (if the server asks and there is a terminal) a prompt that does
/// not echo. A server that is down is not fatal: the explorer starts, says so in the
/// title bar and reconnects with backoff. A server with `cluster_enabled:1` gives a
/// `ClusterSource` over the whole cluster, each node reached with the same TLS options
/// and credentials.
func makeRedisSource(_ text: String, tls: TLSOptions, readFromReplicas: Bool = false) -> any StreamDataSource {
    var url: RedisURL
    do { url = try RedisURL.parse(text) } catch { fail("\(error)") }
    if url.password == nil, let env = getenv("REDISCLI_AUTH") {
        url.password = String(cString: env)
    }
    var client = RedisClient(url: url, tls: tls)
    do {
        try client.connect()
    } catch let e as RedisClient.Failure where e.description.contains("wants a password") && isatty(0) == 1 {
        guard let typed = getpass("Password for \(url): ") else { fail("no password given") }
        url.password = String(cString: typed)
        client = RedisClient(url: url, tls: tls)
        do { try client.connect() } catch { fail("\(error)") }
    } catch let e as RedisClient.Failure where e.description.contains("authentication failed") || e.description.contains("needs Redis 7.0") {
        fail(e.description)
    } catch {
        FileHandle.standardError.write(Data("streamscope: \(error); starting anyway, retrying in the background\n".utf8))
    }
    if client.isConnected, case .bulkString(let info)? = try? client.command(["INFO", "cluster"]),
       String(decoding: info, as: UTF8.self).contains("cluster_enabled:1") {
        return makeClusterSource(seed: client, url: url, tls: tls, readFromReplicas: readFromReplicas)
    }
    if readFromReplicas {
        FileHandle.standardError.write(Data("streamscope: --read-from replicas applies to a Redis Cluster; \(url) is one server, read as it is\n".utf8))
    }
    // The prompt's own connection (same URL, credentials and TLS), opened on its first
    // command: what a typed MULTI or WATCH does to it never reaches the panes' reads.
    return RedisSource(channel: client, label: url.description, promptChannel: RedisClient(url: url, tls: tls))
}

/// The whole cluster behind `seed`: one client per node, made like the seed's.
func makeClusterSource(seed: RedisClient, url: RedisURL, tls: TLSOptions, readFromReplicas: Bool) -> ClusterSource {
    if url.db != 0 { fail("\(url) is a Redis Cluster node: a cluster has only database 0") }
    let router = ClusterRouter(seed: NodeAddress(host: url.host, port: url.port), seedChannel: seed, tls: url.tls) { address in
        var node = url
        node.host = address.host
        node.port = address.port
        return RedisClient(url: node, tls: tls)
    }
    router.readFromReplicas = readFromReplicas
    do {
        return try ClusterSource(router: router, label: "cluster " + url.description)
    } catch {
        fail("\(url) is a cluster node, but: \(error)")
    }
}
