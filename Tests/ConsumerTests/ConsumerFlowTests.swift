import FoundationEssentials
import Glibc
import HTTPTypes
import Storage
import Testing

/// reminder-fire and recurrence-generate as `todofn up` runs them: real runtime, real functions, real databases.
@Suite("consumers: reminder-fire and recurrence-generate through todofn up")
struct ConsumerFlowTests {
    static let triggered = "com.todo.reminder.triggered.v1"
    static let generated = "com.todo.recurringtask.generated.v1"

    struct Series: Decodable {
        struct Rule: Decodable { var ruleId: String; var occurrence: Int }
        var id: String
        var title: String
        var status: String
        var recurrence: Rule?
    }
    struct SeriesPage: Decodable { var tasks: [Series] }

    @Test("a reminder due in a moment fires once; its job route is not reachable from outside", arguments: SliceBackend.allCases)
    func reminderFires(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let token = try stack.token("alice")
                let at = RFC3339Text.format(Date().addingTimeInterval(2))
                let created = try await stack.send(
                    .post, "/api/alice/tasks", token: token, json: #"{"title":"call mum","reminders":[{"at":"\#(at)"}]}"#)
                try #require(created.status.code == 201, "\(String(decoding: created.body, as: UTF8.self))")
                let fired = try await waits.until(1, "SELECT count(*) FROM reminders WHERE status = 'fired'")
                #expect(fired == 1, "the reminder fired; log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                #expect(
                    try await waits.until(
                        1, "SELECT count(*) FROM outbox WHERE event_type = $1 AND sent_at IS NOT NULL", [.text(Self.triggered)])
                        == 1)
                // The job again (the scheduler's at-least-once): nothing more is written.
                let id = try await waits.database.read {
                    try $0.query("SELECT id FROM reminders", []).first?.string(0) ?? ""
                }
                let again = try await stack.send(
                    .post, "/v1.0/invoke/reminder-fire/method/job/reminder-\(id)", token: nil, json: "{}")
                #expect(again.status.code >= 400, "the job route is not reachable from outside")
                #expect(try await waits.events(Self.triggered) == 1)
                await db.close()
            }
        }
    }

    @Test(
        "completing, reopening and completing a recurring task creates exactly one next task and one event",
        arguments: SliceBackend.allCases)
    func recurrenceOnce(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let client = try TaskClient(stack: stack, user: "bob")
                let created = try await stack.send(
                    .post, "/api/bob/tasks", token: client.token,
                    json:
                        #"{"title":"water plants","dueAt":"2030-01-01T08:00:00Z","timeZone":"Europe/Paris","recurrence":"FREQ=DAILY;COUNT=2"}"#
                )
                try #require(created.status.code == 201, "\(String(decoding: created.body, as: UTF8.self))")
                let first = try Body.decode(Series.self, created.body)
                try await client.toggle(first.id)
                let marks = "SELECT count(*) FROM processed_events WHERE consumer = 'recurrence-generate'"
                #expect(try await waits.until(1, marks) == 1, "log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                try await client.toggle(first.id)  // reopen
                try await client.toggle(first.id)  // complete again: a second TaskCompleted, same occurrence
                #expect(try await waits.until(2, marks) == 2)
                let page = try await stack.send(.get, "/api/bob/tasks?status=all", token: client.token)
                let tasks = try Body.decode(SeriesPage.self, page.body).tasks
                let seconds = tasks.filter { $0.recurrence?.occurrence == 2 }
                #expect(seconds.count == 1, "one next task: \(tasks)")
                #expect(tasks.count == 2)
                #expect(try await waits.events(Self.generated) == 1)
                // The second is the last (COUNT=2): completing it ends the series and creates nothing.
                let second = try #require(seconds.first)
                try await client.toggle(second.id)
                #expect(try await waits.until(3, marks) == 3)
                #expect(
                    try await waits.count("SELECT count(*) FROM recurrence_rules WHERE active = $1", [.bool(false)]) == 1)
                #expect(try await waits.count("SELECT count(*) FROM tasks") == 2)
                #expect(try await waits.events(Self.generated) == 1)
                await db.close()
            }
        }
    }

    @Test("a poison event is dropped with one log line by each consumer, without a retry storm")
    func poison() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (stores, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let bogus = UUID()
                let json = """
                    {"specversion":"1.0","id":"\(bogus.uuidString.lowercased())","source":"/task-crud",\
                    "type":"com.todo.task.completed.v1","subject":"x","partitionkey":"mallory",\
                    "datacontenttype":"application/json","data":{"task":42}}
                    """
                try await stores.outbox.append([
                    OutboxMessage(
                        eventID: bogus, topic: "task-events", partitionKey: "mallory",
                        eventType: "com.todo.task.completed.v1", payload: Array(json.utf8))
                ])
                // A request wakes task-crud, whose relay publishes the row; then a real completion behind it.
                let client = try TaskClient(stack: stack, user: "mallory")
                let id = try await client.create("after the poison")
                try await client.toggle(id)
                let waits = ConsumerWaits(database: db)
                #expect(
                    try await waits.until(
                        1, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND event_id = $1", [.uuid(bogus)]) == 1)
                let deadline = ContinuousClock.now + .seconds(60)
                let line = "Dropping an event recurrence-generate cannot read"
                while !Files.text(directory + "/up.log").contains(line), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                let log = Files.text(directory + "/up.log")
                #expect(log.components(separatedBy: line).count - 1 == 1, "one line:\n\(log.suffix(3000))")
                #expect(log.components(separatedBy: "Dropping an event reminder-fire cannot read").count - 1 <= 1)
                await db.close()
            }
        }
    }
}

/// RFC 3339 text with milliseconds in UTC.
enum RFC3339Text {
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
