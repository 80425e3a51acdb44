import Storage
import Synchronization
import Testing

@Suite("GroupCommit")
struct GroupCommitTests {
    struct Odd: Error {}

    /// Starts `submit(item)` for each item in turn, each once the previous one is waiting, so they queue in order.
    private static func queue(
        _ items: ClosedRange<Int>, on group: GroupCommit<Int, Int>, into tasks: inout [Task<Result<Int, any Error>, Never>]
    ) async throws {
        for (index, item) in items.enumerated() {
            tasks.append(Task { await outcome { try await group.submit(item) } })
            try await waitUntil { group.waiting == index + 1 }
        }
    }

    @Test("items that arrive while a batch runs go into the next one, in arrival order, each with its own result")
    func batches() async throws {
        let batches = Mutex<[[Int]]>([])
        let gate = Gate()
        let group = GroupCommit<Int, Int>(runners: 1, maximumBatch: 4) { items in
            batches.withLock { $0.append(items) }
            if items == [0] { await gate.wait() }
            return items.map { $0 % 2 == 1 && $0 > 4 ? .failure(Odd()) : .success($0 * 10) }
        }
        var tasks: [Task<Result<Int, any Error>, Never>] = [Task { await outcome { try await group.submit(0) } }]
        try await waitUntil { batches.withLock { $0.count } == 1 }
        try await Self.queue(1...9, on: group, into: &tasks)
        gate.open()
        var results: [Result<Int, any Error>] = []
        for task in tasks { results.append(await task.value) }
        #expect(batches.withLock { $0 } == [[0], [1, 2, 3, 4], [5, 6, 7, 8], [9]])
        for (item, result) in results.enumerated() {
            if item % 2 == 1 && item > 4 {
                #expect(throws: Odd.self) { try result.get() }
            } else {
                #expect((try? result.get()) == item * 10)
            }
        }
        #expect(group.waiting == 0)
    }

    @Test("an item that finds a runner free runs at once, alone, even while another runner is busy")
    func aloneWhenFree() async throws {
        let gate = Gate()
        let group = GroupCommit<Int, Int>(runners: 2, maximumBatch: 8) { items in
            if items == [1] { await gate.wait() }
            return items.map { .success($0) }
        }
        let first = Task { try await group.submit(1) }
        #expect(try await group.submit(2) == 2)
        gate.open()
        #expect(try await first.value == 1)
    }

    @Test("a run that returns the wrong number of results fails each of its callers instead of hanging")
    func wrongCount() async throws {
        let group = GroupCommit<Int, Int>(runners: 1, maximumBatch: 8) { _ in [] }
        await #expect(throws: GroupCommitError.self) { try await group.submit(1) }
        await #expect(throws: GroupCommitError.self) { try await group.submit(2) }
    }
}

/// What `body` returned or threw.
func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}

/// A one-shot gate: `wait()` returns once `open()` was called.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Polls `condition` every 5 ms until it holds; fails the test after a generous deadline.
func waitUntil(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition never held", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
