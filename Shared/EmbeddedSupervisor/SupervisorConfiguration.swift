import Glibc

/// Timeouts and policies of a `Supervisor`.
package struct SupervisorConfiguration: Sendable {
    /// A function with no request for this long is stopped; nil keeps every started function warm (`--keep-warm`).
    package var idleTimeout: Duration? = .seconds(60)
    /// How long a caller waits for a starting function's `/health/readiness` to answer 200.
    package var readinessTimeout: Duration = .seconds(10)
    /// How long a stopped function may take to exit after SIGTERM before it gets SIGKILL.
    package var stopGracePeriod: Duration = .seconds(5)
    /// The first restart delay after a crash; it doubles with each consecutive crash.
    package var restartBackoff: Duration = .milliseconds(50)
    /// The longest restart delay.
    package var maxRestartBackoff: Duration = .seconds(10)
    /// A function that ran this long before crashing counts as healthy again (its backoff starts over).
    package var healthyRunTime: Duration = .seconds(30)
    /// The time a forwarded request may take.
    package var requestTimeout: Duration = .seconds(60)
    /// Requests in flight to each function at once (its HTTP client's pool size; more wait in arrival order, within
    /// `requestTimeout`). Each function has its own: one function's slow requests never hold another's.
    package var connectionPoolSize: Int = 16
    /// Where each line a function prints goes; by default `[name] line` on stdout.
    package var logSink: @Sendable (_ name: String, _ line: String) -> Void = SupervisorConfiguration.printLine

    /// The default configuration.
    package init() {}

    /// Writes `[name] line` to stdout in one `write`, so lines of different functions never interleave.
    package static func printLine(_ name: String, _ line: String) {
        let bytes = Array("[\(name)] \(line)\n".utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
}
