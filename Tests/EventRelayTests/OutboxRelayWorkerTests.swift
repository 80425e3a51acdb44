import EventRelay
import FoundationEssentials
import FunctionRuntime
import Storage
import Synchronization
import Testing

/// The relay worker over a real SQLite outbox, with a publisher that records (and can refuse) what it is given.
@Suite("OutboxRelayWorker")
struct OutboxRelayWorkerTests {
    @Test("a notification publishes committed events at once, in order, each once")
    func notifyPublishesInOrder() async throws {
        try await TestOutbox.with { outbox in
            let publisher = RecordingPublisher()
            let worker = OutboxRelayWorker(
                relay: OutboxRelay(store: outbox, publisher: publisher), sweepInterval: .seconds(60))
            let running = Task { await worker.run(logger: Logger(label: "test")) }
            defer { running.cancel() }
            let messages = (0..<25).map { Self.message($0) }
            try await outbox.append(messages)
            worker.notify()
            #expect(await eventually { publisher.published.count == 25 })
            #expect(publisher.published == messages.map(\.eventID))
            var unsent = try await outbox.unsentCount()
            for _ in 0..<200 where unsent > 0 {
                try await Task.sleep(for: .milliseconds(10))
                unsent = try await outbox.unsentCount()
            }
            #expect(unsent == 0, "marked sent once published")
        }
    }

    @Test("events nobody announced are found by the sweep")
    func sweepFindsLeftovers() async throws {
        try await TestOutbox.with { outbox in
            let publisher = RecordingPublisher()
            let worker = OutboxRelayWorker(
                relay: OutboxRelay(store: outbox, publisher: publisher), sweepInterval: .milliseconds(100))
            let running = Task { await worker.run(logger: Logger(label: "test")) }
            defer { running.cancel() }
            try await Task.sleep(for: .milliseconds(20))
            try await outbox.append([Self.message(1)])
            #expect(await eventually { publisher.published.count == 1 })
        }
    }

    @Test("while the broker refuses, events stay in the outbox; afterwards each goes out once")
    func failuresKeepEvents() async throws {
        try await TestOutbox.with { outbox in
            let publisher = RecordingPublisher(refusals: 3)
            let worker = OutboxRelayWorker(
                relay: OutboxRelay(store: outbox, publisher: publisher), sweepInterval: .seconds(60),
                maximumBackoff: .milliseconds(100))
            let running = Task { await worker.run(logger: Logger(label: "test")) }
            defer { running.cancel() }
            let messages = (0..<5).map { Self.message($0) }
            try await outbox.append(messages)
            worker.notify()
            #expect(await eventually { publisher.published.count == 5 })
            #expect(publisher.published == messages.map(\.eventID), "in order, no duplicates")
            #expect(publisher.refused == 3)
        }
    }

    @Test("cancelling the task ends the worker")
    func cancellationStops() async throws {
        try await TestOutbox.with { outbox in
            let worker = OutboxRelayWorker(
                relay: OutboxRelay(store: outbox, publisher: RecordingPublisher()), sweepInterval: .seconds(60))
            let running = Task { await worker.run(logger: Logger(label: "test")) }
            try await Task.sleep(for: .milliseconds(50))
            running.cancel()
            await running.value
        }
    }

    static func message(_ number: Int) -> OutboxMessage {
        OutboxMessage(
            eventID: UUID(), topic: "task-events", partitionKey: "alice", eventType: "com.todo.task.created.v1",
            payload: Array(#"{"n":\#(number)}"#.utf8))
    }

    private func eventually(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }
}

/// A publisher that refuses its first `refusals` calls and records the event ids it accepted.
final class RecordingPublisher: EventPublisher {
    private struct State {
        var refusalsLeft: Int
        var refused = 0
        var published: [UUID] = []
    }
    private let state: Mutex<State>

    init(refusals: Int = 0) { state = Mutex(State(refusalsLeft: refusals)) }

    var published: [UUID] { state.withLock { $0.published } }
    var refused: Int { state.withLock { $0.refused } }

    func publish(_ event: OutboxEvent) async throws {
        try state.withLock { state in
            if state.refusalsLeft > 0 {
                state.refusalsLeft -= 1
                state.refused += 1
                throw Refused()
            }
            state.published.append(event.eventID)
        }
    }

    struct Refused: Error {}
}
