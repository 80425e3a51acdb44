package import FunctionRuntime
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
    private let signal = RelaySignal()

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

/// A level-triggered wake-up with a timeout: `wake()` before `wait` is not lost; wakes coalesce.
private final class RelaySignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation = 0
    }
    private let state = Mutex(State())

    func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns after the next `wake()`, at once if one is pending, or after `timeout`, or on cancellation.
    func wait(timeout: Duration) async {
        let generation = state.withLock { state -> Int in
            state.generation += 1
            return state.generation
        }
        let timer = Task { [self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            wakeIfWaiting(generation: generation)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            wakeIfWaiting(generation: generation)
        }
    }

    private func wakeIfWaiting(generation: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation else { return nil }
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }
}
