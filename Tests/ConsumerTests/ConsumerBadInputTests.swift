import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Storage
import Testing

/// Issue 15's bad input through `todofn up`: events put in task-crud's outbox (its relay publishes them, the runtime
/// delivers them to the real consumers) and jobs scheduled on reminder-fire's own Dapr port (so they fire on it).
/// Each gets its documented outcome (docs/consumers.md), one warning where one is documented, no retry storm, and
/// nothing written.
@Suite("consumers: bad input")
struct ConsumerBadInputTests {
    @Test("unknown types, missing and wrong-typed fields, unknown ids: documented status, one line, nothing written")
    func badEvents() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (stores, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let ghost = UUID().uuidString.lowercased()
                let events: [(topic: String, type: String, data: String)] = [
                    // An unknown type: reminder-fire and recurrence-generate cannot read it → DROP, a warning each.
                    ("task-events", "com.todo.task.archived.v1", #"{"taskId":"\#(ghost)"}"#),
                    // A missing field: ReminderScheduled without reminderId → reminder-fire DROPs it.
                    ("reminder-events", "com.todo.reminder.scheduled.v1", #"{"taskId":"\#(ghost)","userId":"mallory"}"#),
                    // A wrong-typed field: TaskDeleted whose reminderIds is a string → reminder-fire DROPs it.
                    (
                        "task-events", "com.todo.task.deleted.v1",
                        #"{"taskId":"\#(ghost)","userId":"mallory","deletedAt":"2026-01-01T00:00:00Z","version":1,"reminderIds":"all"}"#
                    ),
                    // A reminder id that is not a UUID → reminder-fire DROPs it.
                    (
                        "reminder-events", "com.todo.reminder.cancelled.v1",
                        #"{"reminderId":"nope","taskId":"\#(ghost)","userId":"mallory","cancelledAt":"2026-01-01T00:00:00Z","reason":"user","jobName":"reminder-nope"}"#
                    ),
                    // A reminder id that does not exist → SUCCESS (its job deleted, nothing else).
                    (
                        "reminder-events", "com.todo.reminder.scheduled.v1",
                        #"{"reminderId":"\#(ghost)","taskId":"\#(ghost)","userId":"mallory","title":"ghost","remindAt":"2030-01-01T00:00:00Z","jobName":"reminder-\#(ghost)"}"#
                    ),
                    // A completion of a task and rule that do not exist → recurrence-generate: SUCCESS, marked, a warning.
                    (
                        "task-events", "com.todo.task.completed.v1",
                        #"{"task":{"id":"\#(ghost)","userId":"mallory","title":"ghost","status":"completed","priority":"normal","tags":[],"dueAt":"2030-01-01T08:00:00Z","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","version":2,"recurrence":{"ruleId":"\#(ghost)","rule":"FREQ=DAILY","occurrence":1,"anchor":"schedule"}},"completedAt":"2026-01-01T00:00:00Z","reminderIds":[]}"#
                    ),
                ]
                var ids: [UUID] = []
                for event in events {
                    let id = UUID()
                    ids.append(id)
                    let json = """
                        {"specversion":"1.0","id":"\(id.uuidString.lowercased())","source":"/task-crud",\
                        "type":"\(event.type)","subject":"\(ghost)","partitionkey":"mallory",\
                        "datacontenttype":"application/json","data":\(event.data)}
                        """
                    try await stores.outbox.append([
                        OutboxMessage(
                            eventID: id, topic: event.topic, partitionKey: "mallory", eventType: event.type,
                            payload: Array(json.utf8))
                    ])
                }
                // A request wakes task-crud, whose relay publishes the rows; a real completion behind them.
                let client = try TaskClient(stack: stack, user: "mallory")
                let sentinel = try await client.create("after the bad input")
                try await client.toggle(sentinel)
                for id in ids {
                    #expect(
                        try await waits.until(
                            1, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND event_id = $1", [.uuid(id)]) == 1)
                }
                let lines = [
                    "Dropping an event reminder-fire cannot read",
                    "Dropping an event recurrence-generate cannot read",
                    "Completion of a series whose rule does not exist",
                    "Dropping an event whose reminder id is not a UUID",
                ]
                let deadline = ContinuousClock.now + .seconds(90)
                while ContinuousClock.now < deadline {
                    let log = Files.text(directory + "/up.log")
                    if lines.allSatisfy(log.contains),
                        log.components(separatedBy: lines[0]).count - 1 >= 3,
                        log.components(separatedBy: lines[1]).count - 1 >= 2
                    {
                        break
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                // Drops and SUCCESSes are final: no line repeats after a while (a RETRY would come back).
                try await Task.sleep(for: .seconds(3))
                let log = Files.text(directory + "/up.log")
                // reminder-fire: the unknown type, the missing field, the wrong-typed field; recurrence-generate: the
                // unknown type and the wrong-typed TaskDeleted (both on task-events).
                #expect(log.components(separatedBy: lines[0]).count - 1 == 3, "\(log.suffix(4000))")
                #expect(log.components(separatedBy: lines[1]).count - 1 == 2, "\(log.suffix(4000))")
                #expect(log.components(separatedBy: lines[2]).count - 1 == 1, "\(log.suffix(4000))")
                #expect(log.components(separatedBy: lines[3]).count - 1 == 1, "\(log.suffix(4000))")
                #expect(try await waits.count("SELECT count(*) FROM tasks") == 1, "nothing created for the ghost")
                #expect(try await waits.count("SELECT count(*) FROM reminders") == 0)
                #expect(
                    try await waits.count(
                        "SELECT count(*) FROM processed_events WHERE consumer = 'recurrence-generate' AND event_id = $1",
                        [.text(ids[5].uuidString.lowercased())]) == 1, "the unknown rule's completion is marked")
                await db.close()
            }
        }
    }

    @Test("jobs with another name, an unknown reminder, a deleted task's reminder: 200 and a line, nothing fired")
    func badJobs() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let client = try TaskClient(stack: stack, user: "ivan")
                let created = try await stack.send(
                    .post, "/api/ivan/tasks", token: client.token,
                    json: #"{"title":"gone soon","reminders":[{"at":"2030-01-01T00:00:00Z"}]}"#)
                try #require(created.status.code == 201)
                let reminder = try await db.read { try $0.query("SELECT id FROM reminders", []).first?.string(0) ?? "" }
                try await client.delete(try Body.decode(Body.Task.self, created.body).id)
                // reminder-fire is up (the events woke it): its own Dapr port schedules jobs that fire on it.
                let deadline = ContinuousClock.now + .seconds(90)
                while stack.functionPID("reminder-fire") == nil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let pid = try #require(stack.functionPID("reminder-fire"))
                let environment = Processes.environment(of: pid)
                let port = try #require(environment["DAPR_HTTP_PORT"])
                let names = [
                    "nightly-cleanup", "reminder-not-a-uuid", "reminder-\(UUID().uuidString.lowercased())",
                    "reminder-\(reminder)",
                ]
                let http = HTTPClient()
                defer { http.close() }
                for name in names {
                    var headers: HTTPHeaders = ["Content-Type": "application/json"]
                    if let token = environment["DAPR_API_TOKEN"] { headers["dapr-api-token"] = token }
                    let response = try await http.execute(
                        .post, url: "http://127.0.0.1:\(port)/v1.0-alpha1/jobs/\(name)", headers: headers,
                        body: Array(#"{"dueTime":"1s","data":{}}"#.utf8), timeout: .seconds(30))
                    try #require(
                        response.status.code < 300,
                        "\(name): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
                }
                let ignored = "Ignoring a job that is not reminder-<uuid>"
                let unknown = "Job for an unknown reminder"
                let logDeadline = ContinuousClock.now + .seconds(90)
                while ContinuousClock.now < logDeadline {
                    let log = Files.text(directory + "/up.log")
                    if log.components(separatedBy: ignored).count - 1 >= 2, log.contains(unknown) { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await Task.sleep(for: .seconds(3))
                let log = Files.text(directory + "/up.log")
                #expect(log.components(separatedBy: ignored).count - 1 == 2, "once each, no retry:\n\(log.suffix(4000))")
                #expect(log.components(separatedBy: unknown).count - 1 >= 1, "\(log.suffix(4000))")
                #expect(try await waits.events(ConsumerFlowTests.triggered) == 0, "nothing fired")
                #expect(try await waits.count("SELECT count(*) FROM reminders WHERE status = 'fired'") == 0)
                await db.close()
            }
        }
    }
}
