import FoundationEssentials
package import FunctionRuntime
import Signals
package import Storage
import Synchronization

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
    private let stopping = Atomic(false)

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

    /// Relays until the task is cancelled, or until ``stop()``: then it finishes the pass under way, makes one more
    /// for what was committed before the stop, marks what it sent and returns.
    ///
    /// When commits arrived during a pass, the next pass starts at once and marks the previous batch sent in the
    /// transaction of its first claim; otherwise the batch is marked before waiting.
    package func run(logger: Logger) async {
        var backoff = Duration.milliseconds(50)
        var unmarked: [UUID] = []
        while !Task.isCancelled {
            do {
                let pass = try await relay.relayPass(markingFirst: unmarked)
                unmarked = pass.unmarked
                if pass.published > 0 {
                    logger.debug("Outbox relayed", metadata: ["outbox.published": "\(pass.published)"])
                }
                backoff = .milliseconds(50)
                if signal.takePending() { continue }
                try await relay.markSent(unmarked)
                unmarked = []
                if stopping.load(ordering: .acquiring) { break }
                await signal.wait(timeout: sweepInterval)
            } catch {
                if stopping.load(ordering: .acquiring) { break }
                logger.warning(
                    "Outbox relay failed; events stay in the outbox",
                    metadata: ["error": "\(error)", "retry.after": "\(backoff)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
        if !unmarked.isEmpty { try? await relay.markSent(unmarked) }
    }

    /// Asks ``run(logger:)`` to drain and return (the function is stopping); returns at once.
    package func stop() {
        stopping.store(true, ordering: .releasing)
        signal.wake()
    }

    /// Relays everything pending now, in the caller's task (the cron binding's sweep).
    /// - Returns: how many events were published.
    @discardableResult
    package func relayNow() async throws -> Int { try await relay.relayAll() }
}
