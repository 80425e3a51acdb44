/// Limits, timeouts and threads of an `HTTPServer`.
package struct HTTPServerConfiguration: Sendable {
    /// The address to bind: a numeric IPv4 or IPv6 address, or `localhost`.
    package var host: String = "0.0.0.0"
    /// 0 picks a free port (tests).
    package var port: Int = 8080
    /// Event-loop threads; defaults to the number of cores.
    package var workerCount: Int = HTTPServerConfiguration.defaultWorkerCount
    /// Request line plus headers; over it → 431.
    package var maxHeadBytes: Int = 16 * 1024
    /// Header fields per request; over it → 431.
    package var maxHeaderCount: Int = 100
    /// Body bytes; over it → 413 without reading the body.
    package var maxBodyBytes: Int = 4 * 1024 * 1024
    /// Time allowed to receive a whole request head once its first byte arrived (slowloris guard).
    package var headTimeout: Duration = .seconds(10)
    /// Time allowed to receive a whole body once the head is in.
    package var bodyTimeout: Duration = .seconds(30)
    /// Time a keep-alive connection may sit with no request in flight.
    package var idleTimeout: Duration = .seconds(60)
    /// How long in-flight requests may run after shutdown begins.
    package var shutdownGracePeriod: Duration = .seconds(10)
    /// Whether `run()` begins a graceful shutdown on SIGTERM and SIGINT.
    package var handlesSignals: Bool = true
    /// Output bytes buffered for one connection above which the server stops reading from it.
    package var maxPendingOutputBytes: Int = 256 * 1024
    /// Open connections allowed from one source address (IPv4, or IPv6 /128); a connection over it is answered 503
    /// and closed. 0 turns the limit off. Default 1,024: far above what one browser or one pooled HTTP client opens,
    /// far below the descriptors of a server whose soft limit `start()` raised to the hard one.
    ///
    /// Every local caller shares 127.0.0.1, so a server whose clients are all one proxy must raise it or turn it
    /// off: the WebSocket gateway behind the ingress (each browser's socket arrives from the ingress's address),
    /// and an ingress taking many local WebSocket clients. Per-client limits only work where the peer address
    /// means a client; `reservedDescriptors` protects every server either way.
    package var maxConnectionsPerClient: Int = 1024
    /// Descriptors kept free for the process's own work (database connections, outbound HTTP, files): a connection
    /// accepted while fewer than this many remain under `RLIMIT_NOFILE` is answered 503 and closed at once, so the
    /// server never runs out and never fails `accept` in a loop. Default 128.
    package var reservedDescriptors: Int = 128

    /// Creates the default configuration.
    package init() {}

    /// The number of cores this process may run on (`sched_getaffinity`, else the online CPU count).
    package static var defaultWorkerCount: Int { SystemInfo.usableCoreCount }

    /// The parser limits this configuration implies.
    package var parserLimits: HTTPRequestParser.Limits {
        HTTPRequestParser.Limits(maxHeadBytes: maxHeadBytes, maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped at zero.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        let total = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        return total <= 0 ? 0 : UInt64(min(total, 1e18))
    }
}
