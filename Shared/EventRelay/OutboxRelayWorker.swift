import FoundationEssentials
package import FunctionRuntime
import Synchronization
import Wakeup

/// Runs an ``OutboxRelay`` in the background of a function: at once after every commit (`notify()`), and on a
/// sweep timer for events another process left behind (a crash between commit and publish, an expired claim).
///
/// Notifications coalesce: a burst of commits costs one relay pass per batch, not one per commit. A failed pass
/// (Dapr down) is retried with exponential backoff up to `maximumBackoff`; the events stay in the outbox. A pass
/// whose oldest event waited longer than `lagWarning` logs a warning ("Outbox relay is behind"), and the first pass
/// back under it logs that the relay caught up.
///
/// ```swift
/// let worker = OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: DaprEventPublisher(dapr: dapr)))
/// let relayTask = Task { await worker.run(logger: logger) }
/// // after each committed mutation:
/// worker.notify()
/// // on SIGTERM, before the process exits: finish and mark the batch in flight, then stop
/// await worker.drain()
/// ```
package final class OutboxRelayWorker: Sendable {
    private let relay: OutboxRelay
    private let sweepInterval: Duration
    private let maximumBackoff: Duration
    private let lagWarning: Duration
    private let signal = WakeSignal()
    private let state = Mutex<(running: Bool, draining: Bool, drained: [CheckedContinuation<Void, Never>])>(
        (false, false, []))

    /// Makes a worker.
    /// - Parameters:
    ///   - relay: the relay to run.
    ///   - sweepInterval: how often to look for leftovers without a notification.
    ///   - maximumBackoff: the longest pause after repeated failures.
    ///   - lagWarning: how long an event may wait for its publish before the worker logs that it is behind.
    package init(
        relay: OutboxRelay, sweepInterval: Duration = .seconds(5), maximumBackoff: Duration = .seconds(5),
        lagWarning: Duration = .seconds(5)
    ) {
        self.relay = relay
        self.sweepInterval = sweepInterval
        self.maximumBackoff = maximumBackoff
        self.lagWarning = lagWarning
    }

    /// Asks for a relay pass as soon as possible (cheap; call it after every commit that wrote events).
    package func notify() { signal.wake() }

    private var draining: Bool { state.withLock { $0.draining } }

    /// Relays until the task is cancelled or ``drain()`` is called. One `run` at a time per worker: a second call
    /// while one runs returns at once.
    ///
    /// When commits arrived during a pass, the next pass starts at once and marks the previous batch sent in the
    /// transaction of its first claim; otherwise the batch is marked before waiting. On a drain the batch in flight
    /// is published and marked before `run` returns; on cancellation what was published is marked (best effort).
    package func run(logger: Logger) async {
        let started = state.withLock { state in
            defer { state.running = true }
            return !state.running
        }
        guard started else { return }
        var backoff = Duration.milliseconds(50)
        var unmarked: [UUID] = []
        var lag = OutboxRelayLag(threshold: lagWarning)
        while !Task.isCancelled, !draining {
            do {
                let started = ContinuousClock.now
                let pass = try await relay.relayPass(markingFirst: unmarked) { [self] in
                    !Task.isCancelled && !draining
                }
                unmarked = pass.unmarked
                lag.record(pass, elapsed: started.duration(to: .now), logger: logger)
                if pass.published > 0 {
                    logger.debug("Outbox relayed", metadata: ["outbox.published": "\(pass.published)"])
                }
                backoff = .milliseconds(50)
                if !draining, signal.takePending() { continue }
                try await relay.markSent(unmarked)
                unmarked = []
                if draining { break }
                await signal.wait(timeout: sweepInterval)
            } catch {
                if draining { break }
                logger.warning(
                    "Outbox relay failed; events stay in the outbox",
                    metadata: ["error": "\(error)", "retry.after": "\(backoff)"])
                if draining { break }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
        await finish(unmarked, logger: logger)
    }

    /// Marks what the last pass left unmarked and wakes every ``drain()`` caller.
    private func finish(_ unmarked: [UUID], logger: Logger) async {
        if !unmarked.isEmpty {
            do {
                try await relay.markSent(unmarked)
            } catch {
                logger.warning(
                    "Outbox relay stopped without marking its last batch; it is published again after the lease",
                    metadata: ["error": "\(error)", "outbox.unmarked": "\(unmarked.count)"])
            }
        }
        let waiters = state.withLock { state in
            defer { state = (false, false, []) }
            return state.drained
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Stops ``run(logger:)`` cleanly (SIGTERM): the batch being published is finished and marked sent, no new batch
    /// is claimed, and this returns once `run` has returned (at once when it is not running). Events not yet
    /// claimed stay in the outbox for the next process. After a drain, `run` may be called again.
    package func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let running = state.withLock { state in
                guard state.running else { return false }
                state.draining = true
                state.drained.append(continuation)
                return true
            }
            if running { signal.wake() } else { continuation.resume() }
        }
    }

    /// Asks ``run(logger:)`` to drain and return, without waiting (``FunctionService``; the server awaits `run`).
    /// Asked before `run` starts, `run` returns at once.
    package func stop() {
        state.withLock { $0.draining = true }
        signal.wake()
    }

    /// The cron binding's sweep. While ``run(logger:)`` runs, this only wakes it (its next pass claims whatever a
    /// crashed relay left behind): a second pass in the same process would compete with the worker for the same
    /// events. Without a running worker it relays everything pending now, in the caller's task.
    /// - Returns: how many events this call published (0 when it woke the worker).
    @discardableResult
    package func relayNow() async throws -> Int {
        if state.withLock({ $0.running }) {
            signal.wake()
            return 0
        }
        return try await relay.relayAll()
    }
}
