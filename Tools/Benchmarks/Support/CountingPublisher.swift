import EventRelay
import Storage
import Synchronization

/// An in-process broker for the relay rows: accepts every batch after `latency` (a bulk publish round trip to the
/// sidecar), counts the events, and checks that each partition's events arrive in increasing outbox sequence.
final class CountingPublisher: EventPublisher {
    private let latency: Duration

    private let state = Mutex<(count: Int, last: [String: Int64], outOfOrder: Int)>((0, [:], 0))

    init(latency: Duration = .milliseconds(3)) { self.latency = latency }

    /// Events published so far.
    var count: Int { state.withLock { $0.count } }

    func publish(_ event: OutboxEvent) async throws { _ = await publish(batch: [event]) }

    func publish(batch events: [OutboxEvent]) async -> BatchPublishResult {
        try? await Task.sleep(for: latency)
        state.withLock { state in
            for event in events {
                let key = event.message.partitionKey
                if let last = state.last[key], last >= event.sequence { state.outOfOrder += 1 }
                state.last[key] = event.sequence
            }
            state.count += events.count
        }
        return BatchPublishResult()
    }

    /// Polls every 5 ms until `published` events went out.
    /// - Throws: `BenchmarkError` after `timeout` seconds, or when a partition went out of order.
    func waitUntil(published: Int, timeout: Double) async throws {
        let start = monotonicNanos()
        while count < published {
            if Double(monotonicNanos() - start) / 1e9 > timeout {
                throw BenchmarkError("only \(count) of \(published) events published after \(Int(timeout)) s")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        let outOfOrder = state.withLock { $0.outOfOrder }
        if outOfOrder > 0 { throw BenchmarkError("\(outOfOrder) events published out of partition order") }
    }
}
