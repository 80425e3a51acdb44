/// A background worker that lives as long as a function's server: an outbox relay today, a consumer's relay
/// tomorrow. `FunctionServer.run(_:configuration:services:)` starts it with the server, calls ``stop()`` once the
/// server has stopped (SIGTERM: in-flight requests done) and waits for ``run(logger:)`` to return before the
/// process exits; a service that throws, or returns before it was asked to stop, is logged and stops the function
/// with a failure.
///
/// Stopping is a request, not task cancellation: a relay asked to stop finishes the batch it is publishing and
/// marks it sent (cancelling it mid-publish would abort a request the broker may already have taken).
///
/// ```swift
/// final class Ticker: FunctionService {
///     let serviceName = "ticker"
///     private let signal = WakeSignal()
///     private let stopping = Atomic(false)
///     func run(logger: Logger) async throws {
///         while !stopping.load(ordering: .acquiring) { await signal.wait(timeout: .seconds(1)) }
///     }
///     func stop() { stopping.store(true, ordering: .releasing); signal.wake() }
/// }
/// ```
package protocol FunctionService: Sendable {
    /// A short name for log lines, e.g. `outbox-relay`.
    var serviceName: String { get }

    /// Works until ``stop()`` is called, then leaves its work consistent (drained) and returns.
    /// - Parameter logger: the function's base logger.
    /// - Throws: when the service cannot go on; the function then stops and exits with a failure.
    func run(logger: Logger) async throws

    /// Asks ``run(logger:)`` to finish what it is doing and return; returns at once (the caller awaits `run`).
    func stop()
}
