import FoundationEssentials
import HTTPTypes
import Storage
import Testing

/// Every event type delivered again, long after (so also out of order: a TaskCompleted after the task it created
/// was itself completed), through the real relay, runtime and functions: nothing changes.
@Suite("consumers: redelivery and reordering")
struct ConsumerRedeliveryTests {
    @Test("redelivering every event type, out of order, creates, fires and publishes nothing more")
    func redeliverEverything() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (stores, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let client = try TaskClient(stack: stack, user: "frank")
                let series = try await make(
                    stack, client,
                    #"{"title":"series","dueAt":"2030-01-01T08:00:00Z","recurrence":"FREQ=DAILY","reminders":[{"before":"PT1H"}]}"#
                )
                try await client.patch(series, json: #"{"title":"series!"}"#)
                let soon = RFC3339Text.format(Date().addingTimeInterval(2))
                _ = try await make(stack, client, #"{"title":"ping","reminders":[{"at":"\#(soon)"}]}"#)
                let removed = try await make(stack, client, #"{"title":"drop","reminders":[{"at":"2030-01-01T00:00:00Z"}]}"#)
                let list = try await stack.send(.get, "/api/frank/tasks/\(removed)/reminders", token: client.token)
                struct Reminders: Decodable { struct R: Decodable { var id: String }; var reminders: [R] }
                let reminder = try #require(try Body.decode(Reminders.self, list.body).reminders.first)
                let gone = try await stack.send(
                    .delete, "/api/frank/tasks/\(removed)/reminders/\(reminder.id)", token: client.token)
                #expect(gone.status.code == 204)
                try await client.delete(removed)
                try await client.toggle(series)
                let marks = "SELECT count(*) FROM processed_events WHERE consumer = 'recurrence-generate'"
                try #require(try await waits.until(1, marks) == 1)
                try #require(try await waits.until(1, "SELECT count(*) FROM reminders WHERE status = 'fired'") == 1)
                let next = try #require(
                    try await db.read {
                        try $0.query("SELECT id FROM tasks WHERE generation_key IS NOT NULL", []).first?.string(0)
                    })
                try await client.toggle(next)  // occurrence 2 done: occurrence 3 exists before the copies come
                try #require(try await waits.until(2, marks) == 2)
                let before = try await snapshot(db)

                // Every row again under a new row id, the CloudEvent inside unchanged.
                let copies = try await db.read { executor in
                    try executor.query("SELECT topic, partition_key, event_type, payload FROM outbox", []).map { row in
                        OutboxMessage(
                            eventID: UUID(), topic: try row.string(0) ?? "", partitionKey: try row.string(1) ?? "",
                            eventType: try row.string(2) ?? "", payload: try row.bytes(3) ?? [])
                    }
                }
                #expect(Set(copies.map(\.eventType)).count >= 8, "\(Set(copies.map(\.eventType)))")
                try await stores.outbox.append(copies)
                // A sentinel behind the copies in frank's partition: a new series completed.
                let sentinel = try await make(
                    stack, client, #"{"title":"sentinel","dueAt":"2030-01-01T08:00:00Z","recurrence":"FREQ=DAILY"}"#)
                try await client.toggle(sentinel)
                #expect(try await waits.until(3, marks) == 3, "log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                let after = try await snapshot(db)
                #expect(after.tasks == before.tasks + 2, "the sentinel and its next task only")
                // The outbox also holds the copies themselves: beyond them, only the sentinel's event.
                let copied = { (type: String) in copies.filter { $0.eventType == type }.count }
                #expect(after.generated == before.generated + copied(ConsumerFlowTests.generated) + 1)
                #expect(after.triggered == before.triggered + copied(ConsumerFlowTests.triggered))
                #expect(after.fired == before.fired)
                await db.close()
            }
        }
    }

    private func make(_ stack: Stack, _ client: TaskClient, _ json: String) async throws -> String {
        let response = try await stack.send(.post, "/api/\(client.user)/tasks", token: client.token, json: json)
        try #require(response.status.code == 201, "\(String(decoding: response.body, as: UTF8.self))")
        return try Body.decode(Body.Task.self, response.body).id
    }

    private func snapshot(_ db: any SQLDatabase) async throws -> (tasks: Int, generated: Int, triggered: Int, fired: Int) {
        let waits = ConsumerWaits(database: db)
        return (
            try await waits.count("SELECT count(*) FROM tasks"),
            try await waits.events(ConsumerFlowTests.generated),
            try await waits.events(ConsumerFlowTests.triggered),
            try await waits.count("SELECT count(*) FROM reminders WHERE status = 'fired'")
        )
    }
}
