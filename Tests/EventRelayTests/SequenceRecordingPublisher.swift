import EventRelay
import FoundationEssentials
import Storage
import Synchronization

/// A broker that accepts every batch (after `latency`, and after `gate` opens when one is set) and records each
/// event's id and outbox sequence per partition.
final class SequenceRecordingPublisher: EventPublisher {
    private let state = Mutex<(ids: [UUID], sequences: [String: [Int64]], batches: Int)>(([], [:], 0))
    private let latency: Duration
    private let gate: Gate?

    init(latency: Duration = .zero, gate: Gate? = nil) {
        self.latency = latency
        self.gate = gate
    }

    /// Every event id published, in publish order.
    var ids: [UUID] { state.withLock { $0.ids } }
    /// How many events were published.
    var count: Int { state.withLock { $0.ids.count } }
    /// How many batches have started publishing.
    var batches: Int { state.withLock { $0.batches } }
    /// Whether every partition's sequences went out strictly increasing.
    var inOrder: Bool { state.withLock { $0.sequences.values.allSatisfy { zip($0, $0.dropFirst()).allSatisfy(<) } } }

    func publish(_ event: OutboxEvent) async throws { _ = await publish(batch: [event]) }

    func publish(batch events: [OutboxEvent]) async -> BatchPublishResult {
        state.withLock { $0.batches += 1 }
        if let gate { await gate.wait() }
        if latency > .zero { try? await Task.sleep(for: latency) }
        state.withLock { state in
            for event in events {
                state.ids.append(event.eventID)
                state.sequences[event.message.partitionKey, default: []].append(event.sequence)
            }
        }
        return BatchPublishResult()
    }

    /// Holds publishes until opened.
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
}
