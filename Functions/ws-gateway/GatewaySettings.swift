import FunctionRuntime
import Glibc

/// ws-gateway's own settings (environment) and process set-up.
struct GatewaySettings {
    /// This replica's base URL for `POST /internal/push`: `REPLICA_URL`, else `http://$POD_IP:<port>`, else
    /// `http://127.0.0.1:<port>` (one machine, `todofn up`).
    let replicaURL: String
    /// How often idle connections are pinged (`WS_PING_INTERVAL_SECONDS`, default 30); a connection silent for two
    /// intervals is closed.
    let pingInterval: Duration

    init(_ configuration: Configuration) {
        let environment = configuration.environment
        let port = configuration.port
        replicaURL = environment["REPLICA_URL"] ?? "http://\(environment["POD_IP"] ?? "127.0.0.1"):\(port)"
        pingInterval = .seconds(environment["WS_PING_INTERVAL_SECONDS"].flatMap { Int($0) }.map { max(1, $0) } ?? 30)
    }

    /// Raises the open-file limit to its hard maximum (each connection is a descriptor); returns the new soft limit.
    @discardableResult
    static func raiseFileLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return UInt64(limit.rlim_cur)
    }
}
