package import FunctionRuntime
import Signals
package import Storage

/// Runs an ``OutboxRelay`` in the background of a function: at once after every commit (`notify()`), and on a
/// sweep timer for events another process left behind (a crash between commit and publish, an expired claim).
///
/// Notifications coalesce: a burst of commits costs one relay pass per batch, not one per commit. A failed pass
/// (Dapr down) is retried with exponential backoff up to `maximumBackoff`; the events stay in the outbox.
///
/// ```swift
/// let worker = OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: DaprEventPublisher(dapr: dapr)))
/// let relayTask = Task { await worker.run(logger: logger) }
/// // after each committed mutation:
/// worker.notify()
/// ```
package final class OutboxRelayWorker: Sendable {
    private let relay: OutboxRelay
    private let sweepInterval: Duration
    private let maximumBackoff: Duration
    private let signal = WakeSignal()

    /// Makes a worker.
    /// - Parameters:
    ///   - relay: the relay to run.
    ///   - sweepInterval: how often to look for leftovers without a notification.
    ///   - maximumBackoff: the longest pause after repeated failures.
    package init(relay: OutboxRelay, sweepInterval: Duration = .seconds(5), maximumBackoff: Duration = .seconds(5)) {
        self.relay = relay
        self.sweepInterval = sweepInterval
        self.maximumBackoff = maximumBackoff
    }

    /// Asks for a relay pass as soon as possible (cheap; call it after every commit that wrote events).
    package func notify() { signal.wake() }

    /// Relays until the task is cancelled.
    package func run(logger: Logger) async {
        var backoff = Duration.milliseconds(50)
        while !Task.isCancelled {
            do {
                let published = try await relay.relayAll()
                if published > 0 { logger.debug("Outbox relayed", metadata: ["outbox.published": "\(published)"]) }
                backoff = .milliseconds(50)
                await signal.wait(timeout: sweepInterval)
            } catch {
                logger.warning(
                    "Outbox relay failed; events stay in the outbox",
                    metadata: ["error": "\(error)", "retry.after": "\(backoff)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
    }

    /// Relays everything pending now, in the caller's task (the cron binding's sweep).
    /// - Returns: how many events were published.
    @discardableResult
    package func relayNow() async throws -> Int { try await relay.relayAll() }
}
