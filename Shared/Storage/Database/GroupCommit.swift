import Synchronization

/// Group commit: concurrent callers' items run together as one batch (one statement, one commit), while each
/// caller still gets its own answer, and only once its batch has run.
///
/// At most `runners` batches run at once. An item that finds a runner free runs at once, alone, so an idle
/// service adds no latency. One that finds every runner busy queues; when a batch ends, its runner hands the lead
/// to the first queued caller, which runs its own item with up to `maximumBatch - 1` more from the queue, in
/// arrival order. The batch size thus follows the load: the longer a batch takes, the more join the next one.
///
/// ```swift
/// let group = GroupCommit<Int, Int>(runners: 2, maximumBatch: 32) { items in items.map { .success($0 * 2) } }
/// let doubled = try await group.submit(21)  // 42
/// ```
package final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    /// Runs one batch; returns one result per item, in the items' order.
    package typealias Run = @Sendable ([Item]) async -> [Result<Output, any Error>]

    private enum Turn: Sendable {
        case lead
        case done(Result<Output, any Error>)
    }

    private struct Waiter: Sendable {
        let item: Item
        let continuation: CheckedContinuation<Turn, Never>
    }

    private struct State: Sendable {
        var running = 0
        /// Callers waiting for a runner, in arrival order; never empty while a runner is free.
        var queue: [Waiter] = []
    }

    private let runners: Int
    private let maximumBatch: Int
    private let run: Run
    private let state = Mutex(State())

    /// Makes a group.
    /// - Parameters:
    ///   - runners: how many batches may run at once (at least 1).
    ///   - maximumBatch: the most items in one batch (at least 1).
    ///   - run: runs a batch; it must return exactly one result per item, in order.
    package init(runners: Int, maximumBatch: Int, run: @escaping Run) {
        self.runners = max(1, runners)
        self.maximumBatch = max(1, maximumBatch)
        self.run = run
    }

    /// How many callers are waiting for a runner now.
    package var waiting: Int { state.withLock { $0.queue.count } }

    /// Runs `item` alone when a runner is free, else in the next batch; returns its own result.
    /// - Throws: the error `run` gave for this item.
    package func submit(_ item: Item) async throws -> Output {
        // A free runner: lead at once, without suspending (no extra hop through the executor when idle).
        let free = state.withLock { state in
            guard state.running < runners else { return false }
            state.running += 1
            return true
        }
        if !free, case .done(let result) = await queued(item) { return try result.get() }
        let others = state.withLock { state in
            let taken = Array(state.queue.prefix(maximumBatch - 1))
            state.queue.removeFirst(taken.count)
            return taken
        }
        var results = await run([item] + others.map(\.item))
        if results.count != others.count + 1 {
            let broken = GroupCommitError(expected: others.count + 1, got: results.count)
            results = Array(repeating: .failure(broken), count: others.count + 1)
        }
        for (index, waiter) in others.enumerated() { waiter.continuation.resume(returning: .done(results[index + 1])) }
        // The lead passes to the first caller still waiting (it takes the next batch); otherwise the runner is free.
        let next = state.withLock { state -> Waiter? in
            guard !state.queue.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return try results[0].get()
    }
}

extension GroupCommit {
    /// Waits for a turn: queued while every runner is busy (a runner freed meanwhile is taken at once).
    private func queued(_ item: Item) async -> Turn {
        await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leads = state.withLock { state in
                guard state.running < runners else {
                    state.queue.append(Waiter(item: item, continuation: continuation))
                    return false
                }
                state.running += 1
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
    }
}

/// A batch run that returned the wrong number of results (a programming error), answered to each of its callers.
package struct GroupCommitError: Error, CustomStringConvertible {
    /// How many items the batch had.
    package let expected: Int
    /// How many results came back.
    package let got: Int

    /// What went wrong.
    package var description: String { "a group commit batch of \(expected) items returned \(got) results" }
}
