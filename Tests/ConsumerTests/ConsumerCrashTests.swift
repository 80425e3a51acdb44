import FoundationEssentials
import Glibc
import HTTPTypes
import Storage
import Testing

/// kill -9 of each consumer mid-batch, and of the whole runtime while a reminder is due: every effect still happens
/// exactly once.
@Suite("consumers: crashes")
struct ConsumerCrashTests {
    @Test("kill -9 of recurrence-generate mid-batch: every completion still yields exactly one next task and event")
    func killRecurrenceGenerate() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let client = try TaskClient(stack: stack, user: "carol")
                var ids: [String] = []
                for index in 0..<20 {
                    let response = try await stack.send(
                        .post, "/api/carol/tasks", token: client.token,
                        json: #"{"title":"series \#(index)","dueAt":"2030-01-01T08:00:00Z","recurrence":"FREQ=WEEKLY"}"#)
                    try #require(response.status.code == 201)
                    ids.append(try Body.decode(Body.Task.self, response.body).id)
                }
                for id in ids { try await client.toggle(id) }
                let marks = "SELECT count(*) FROM processed_events WHERE consumer = 'recurrence-generate'"
                try #require(try await waits.until(1, marks) >= 1)
                if let pid = stack.functionPID("recurrence-generate") { kill(pid, SIGKILL) }
                #expect(try await waits.until(20, marks) == 20, "log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                #expect(try await waits.count("SELECT count(*) FROM tasks") == 40)
                #expect(try await waits.events(ConsumerFlowTests.generated) == 20)
                await db.close()
            }
        }
    }

    @Test("kill -9 of reminder-fire while reminders fire: each fires exactly once")
    func killReminderFire() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let token = try stack.token("dave")
                let at = RFC3339Text.format(Date().addingTimeInterval(3))
                for index in 0..<20 {
                    let response = try await stack.send(
                        .post, "/api/dave/tasks", token: token,
                        json: #"{"title":"ping \#(index)","reminders":[{"at":"\#(at)"}]}"#)
                    try #require(response.status.code == 201)
                }
                let fired = "SELECT count(*) FROM reminders WHERE status = 'fired'"
                try #require(try await waits.until(1, fired) >= 1, "log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                if let pid = stack.functionPID("reminder-fire") { kill(pid, SIGKILL) }
                #expect(try await waits.until(20, fired) == 20, "log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                #expect(try await waits.events(ConsumerFlowTests.triggered) == 20)
                await db.close()
            }
        }
    }

    @Test("the runtime killed while a reminder is due: after the restart it fires once and says how late")
    func runtimeDownWhileDue() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            // Far enough ahead that a loaded machine has started reminder-fire (and the test killed everything) before it.
            let due = Date().addingTimeInterval(20)
            do {
                let stack = try await Stack(directory: directory, database: database)
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let token = try stack.token("erin")
                let response = try await stack.send(
                    .post, "/api/erin/tasks", token: token,
                    json: #"{"title":"late","reminders":[{"at":"\#(RFC3339Text.format(due))"}]}"#)
                try #require(response.status.code == 201)
                // Killed once ReminderScheduled woke reminder-fire, before the job is due; a job not yet scheduled then comes
                // from the event's redelivery after the restart.
                let deadline = ContinuousClock.now + .seconds(60)
                while stack.functionPID("reminder-fire") == nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                await stack.kill9()
                #expect(try await waits.count("SELECT count(*) FROM reminders WHERE status = 'fired'") == 0)
                await db.close()
            }
            // Wait for the due time itself to pass while nothing runs.
            while Date() < due.addingTimeInterval(1) { try await Task.sleep(for: .milliseconds(50)) }
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                _ = try await stack.send(.get, "/api/erin/tasks", token: try stack.token("erin"))
                #expect(
                    try await waits.until(1, "SELECT count(*) FROM reminders WHERE status = 'fired'") == 1,
                    "log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                let payload = try await db.read {
                    try $0.query("SELECT payload FROM outbox WHERE event_type = $1", [.text(ConsumerFlowTests.triggered)])
                        .first?.bytes(0) ?? []
                }
                let text = String(decoding: payload, as: UTF8.self)
                #expect(text.contains("\"latenessMs\""), "\(text)")
                #expect(try await waits.events(ConsumerFlowTests.triggered) == 1)
                await db.close()
            }
        }
    }
}
