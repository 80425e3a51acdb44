import EventRelay
import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import Storage
import Testing

/// The relay worker on the real PostgreSQL under the load that stalled it (issue 11), its drain (issue 12: a relay
/// stopped on SIGTERM left its batch claimed and unmarked) and its lag warning. One at a time: each holds five
/// connections of the shared test server.
@Suite("OutboxRelayWorker under load on PostgreSQL", .serialized)
struct RelayUnderLoadTests {
    @Test("a backlog of 20,000 drains completely while creates continue, each event once, each user in order")
    func backlogDrainsUnderCreates() async throws {
        try await TestPostgresOutbox.with { _, stores in
            let backlog = (0..<20_000).map { Self.message(user: "user\($0 % 16)") }
            for start in stride(from: 0, to: backlog.count, by: 1000) {
                try await stores.outbox.append(Array(backlog[start..<(start + 1000)]))
            }
            let publisher = SequenceRecordingPublisher(latency: .milliseconds(1))
            let worker = OutboxRelayWorker(
                relay: OutboxRelay(store: stores.outbox, publisher: publisher, lease: .seconds(10)),
                sweepInterval: .seconds(60))
            let relay = Task { await worker.run(logger: Logger(label: "test")) }
            // 16 clients create (task + event, as task-crud does) until the whole backlog went out (it goes first:
            // its sequences are lower).
            let creates = Task {
                try await withThrowingTaskGroup(of: [UUID].self) { group in
                    for client in 0..<16 {
                        group.addTask {
                            var ids: [UUID] = []
                            while !Task.isCancelled, publisher.count < backlog.count || ids.isEmpty {
                                let event = Self.message(user: "user\(client)")
                                _ = try await stores.tasks.create(
                                    NewTask(id: UUID(), userID: "user\(client)", title: "under load")
                                ) { _ in [event] }
                                ids.append(event.eventID)
                                worker.notify()
                                try await Task.sleep(for: .milliseconds(2))
                            }
                            return ids
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
            }
            let created = try await creates.value
            let expected = backlog.map(\.eventID) + created
            let everything = await eventually(seconds: 120) { publisher.count >= expected.count }
            relay.cancel()
            await relay.value

            #expect(everything, "\(publisher.ids.count) of \(expected.count) published")
            #expect(publisher.ids.count == expected.count && Set(publisher.ids) == Set(expected), "each once")
            #expect(publisher.inOrder, "each user's events in outbox order")
            #expect(try await eventuallyThrowing(seconds: 30) { try await stores.outbox.unsentCount() == 0 })
        }
    }

    @Test("drain finishes and marks the batch in flight, claims nothing more, and returns when run has returned")
    func drainMarksTheBatchInFlight() async throws {
        try await TestPostgresOutbox.with { database, stores in
            let messages = (0..<250).map { _ in Self.message(user: "alice") }
            try await stores.outbox.append(messages)
            let gate = SequenceRecordingPublisher.Gate()
            let publisher = SequenceRecordingPublisher(gate: gate)
            let worker = OutboxRelayWorker(
                relay: OutboxRelay(store: stores.outbox, publisher: publisher, batchSize: 100, lease: .seconds(600)),
                sweepInterval: .seconds(60))
            let relay = Task { await worker.run(logger: Logger(label: "test")) }
            worker.notify()
            #expect(await eventually(seconds: 30) { publisher.batches == 1 })

            let drained = Task { await worker.drain() }
            try await Task.sleep(for: .milliseconds(50))
            gate.open()
            await drained.value
            await relay.value

            #expect(publisher.ids == messages.prefix(100).map(\.eventID), "the batch in flight, and nothing more")
            #expect(try await stores.outbox.unsentCount() == 150, "that batch is marked sent")
            let claimed = try await database.read { executor in
                try executor.query("SELECT count(*) FROM outbox WHERE claimed_until IS NOT NULL AND sent_at IS NULL", [])[0]
                    .int(0)
            }
            #expect(claimed == 0, "nothing left under a claim for the next process to wait out")
            await worker.drain()  // not running: returns at once
        }
    }

    @Test("the cron sweep only wakes a running worker, which publishes the leftovers once")
    func relayNowWakesTheWorker() async throws {
        try await TestPostgresOutbox.with { _, stores in
            let publisher = SequenceRecordingPublisher()
            let worker = OutboxRelayWorker(
                relay: OutboxRelay(store: stores.outbox, publisher: publisher), sweepInterval: .seconds(600))
            let relay = Task { await worker.run(logger: Logger(label: "test")) }
            try await Task.sleep(for: .milliseconds(100))
            let messages = (0..<30).map { Self.message(user: "user\($0 % 3)") }
            try await stores.outbox.append(messages)

            #expect(try await worker.relayNow() == 0)

            #expect(await eventually(seconds: 30) { publisher.ids.count == 30 })
            #expect(publisher.ids == messages.map(\.eventID))
            await worker.drain()
            await relay.value
        }
    }

    @Test("an event that waited longer than the lag threshold logs that the relay is behind")
    func lagIsLogged() async throws {
        try await TestPostgresOutbox.with { _, stores in
            let logs = TestLogHandler()
            let worker = OutboxRelayWorker(
                relay: OutboxRelay(store: stores.outbox, publisher: SequenceRecordingPublisher()),
                sweepInterval: .seconds(600), lagWarning: .milliseconds(200))
            try await stores.outbox.append([Self.message(user: "alice")])
            try await Task.sleep(for: .milliseconds(300))
            let relay = Task { await worker.run(logger: logs.logger()) }
            worker.notify()
            #expect(await eventually(seconds: 30) { logs.messages.contains("Outbox relay is behind") })
            try await stores.outbox.append([Self.message(user: "alice")])
            worker.notify()
            #expect(await eventually(seconds: 30) { logs.messages.contains("Outbox relay caught up") })
            await worker.drain()
            await relay.value
        }
    }

    static func message(user: String) -> OutboxMessage {
        OutboxMessage(
            eventID: UUID(), topic: "task-events", partitionKey: user, eventType: "com.todo.task.created.v1",
            payload: Array(#"{"title":"under load"}"#.utf8))
    }

    private func eventually(seconds: Int, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    private func eventuallyThrowing(seconds: Int, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
