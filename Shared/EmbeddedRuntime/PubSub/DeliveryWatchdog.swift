import Synchronization

/// Enforces the delivery timeout without a timer per delivery: attempts register their task, one sweeper per
/// consumer cancels those older than the timeout (a cancelled transfer then counts as a timeout → retry).
final class DeliveryWatchdog: Sendable {
    private struct Entry {
        var task: Task<HTTPResponseBox, any Error>
        var deadline: ContinuousClock.Instant
    }
    private let entries = Mutex<[Int: Entry]>([:])
    private let timedOut = Mutex<Set<Int>>([])
    private let nextID = Atomic<Int>(0)
    private let timeout: Duration

    init(timeout: Duration) { self.timeout = timeout }

    /// Registers an attempt; returns its id.
    func register(_ task: Task<HTTPResponseBox, any Error>) -> Int {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let deadline = ContinuousClock.now + timeout
        entries.withLock { $0[id] = Entry(task: task, deadline: deadline) }
        return id
    }

    /// Forgets an attempt; returns whether it was cancelled for exceeding the timeout.
    func finish(_ id: Int) -> Bool {
        entries.withLock { _ = $0.removeValue(forKey: id) }
        return timedOut.withLock { $0.remove(id) != nil }
    }

    /// Cancels the attempts past their deadline; runs until cancelled.
    func sweep() async {
        let interval = min(timeout / 4, .seconds(1))
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = ContinuousClock.now
            let expired = entries.withLock { table -> [(Int, Task<HTTPResponseBox, any Error>)] in
                table.filter { $0.value.deadline <= now }.map { ($0.key, $0.value.task) }
            }
            for (id, task) in expired {
                timedOut.withLock { _ = $0.insert(id) }
                task.cancel()
            }
        }
    }
}
