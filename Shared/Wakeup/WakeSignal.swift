import Synchronization

/// A level-triggered wake-up for one waiting loop: `wake()` before `wait` is not lost, repeated wakes coalesce.
/// The jobs scheduler (a job added, a trigger done), the pub/sub consumers (a publish) and the outbox relay (a
/// commit) each wait on one.
///
/// ```swift
/// let signal = WakeSignal()
/// // producer: after writing work
/// signal.wake()
/// // consumer loop
/// await signal.wait(timeout: .seconds(5))   // a wake, the timeout, or cancellation
/// ```
package final class WakeSignal: Sendable {
    private let state = Mutex<(pending: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// Makes a signal with nothing pending.
    package init() {}

    /// Wakes the waiter, or makes the next `wait` return at once.
    package func wake() {
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

    /// Takes a pending wake without waiting: true when `wake()` was called since the last `wait` or take (the
    /// caller then goes round its loop again at once), false when nothing is pending.
    package func takePending() -> Bool {
        state.withLock { state in
            defer { state.pending = false }
            return state.pending
        }
    }

    /// Returns when the signal is raised (at once if it was raised since the last wait), `timeout` has passed (nil:
    /// no timeout), or the task is cancelled. One waiter at a time.
    package func wait(timeout: Duration? = nil) async {
        if takePending() { return }
        guard let timeout else { return await waitForSignal() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            group.addTask { try? await Task.sleep(for: timeout) }
            _ = await group.next()
            group.cancelAll()
        }
    }

    private func waitForSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
