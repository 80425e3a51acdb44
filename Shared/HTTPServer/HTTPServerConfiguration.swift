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
