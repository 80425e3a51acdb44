import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Storage

/// One run of ``ConsumerBenchmarks`` over a started stack.
struct ConsumerRun {
    let stack: TodofnStack
    let database: any SQLDatabase
    let client: HTTPClient
    let users: Int
    /// One live connection per user, where reminders arrive.
    let sockets: LiveSockets

    func recurrence(count: Int, into report: Report) async throws {
        var ids: [(Int, String)] = []
        for index in 0..<count {
            let body = try await post(
                user: index % users,
                json: #"{"title":"bench series","dueAt":"2030-01-01T08:00:00Z","recurrence":"FREQ=DAILY"}"#)
            ids.append((index % users, try taskID(body)))
        }
        let marks = "SELECT count(*) FROM processed_events WHERE consumer = 'recurrence-generate'"
        let before = try await scalar(marks)
        let started = monotonicNanos()
        let targets = ids
        try await each(count) { index in try await complete(user: targets[index].0, id: targets[index].1) }
        let done = try await until(before + count, marks, within: 120)
        let seconds = Double(monotonicNanos() - started) / 1e9
        guard done == before + count else { throw BenchmarkError("\(done - before) of \(count) completions handled") }
        report.add(
            BenchmarkRow(
                name: "consumers: recurrence completions/s (complete → next task + RecurringTaskGenerated)",
                value: grouped(Double(count) / seconds), target: "",
                reference: "\(count) completions, 8 at a time through the ingress"))
    }

    func duplicates(count: Int, into report: Report) async throws {
        let kinds = ["com.todo.task.completed.v1", "com.todo.reminder.scheduled.v1", "com.todo.reminder.triggered.v1"]
        let sql = "SELECT count(*) FROM outbox WHERE event_type = $1"
        let tasks = try await scalar("SELECT count(*) FROM tasks")
        let generated = try await scalar(sql, [.text("com.todo.recurringtask.generated.v1")])
        let triggered = try await scalar(sql, [.text("com.todo.reminder.triggered.v1")])
        let delivered = try await scalar(sql, [.text("com.todo.reminder.delivered.v1")])
        let twiceBefore = sockets.arrivals.values.reduce(0) { $0 + max(0, $1.count - 1) }
        let originals = try await database.read { executor in
            try executor.query(
                "SELECT topic, partition_key, event_type, payload FROM outbox WHERE event_type IN ($1, $2, $3)",
                kinds.map(SQLValue.text)
            ).map { row in
                OutboxMessage(
                    eventID: UUID(), topic: try row.string(0) ?? "", partitionKey: try row.string(1) ?? "",
                    eventType: try row.string(2) ?? "", payload: try row.bytes(3) ?? [])
            }
        }
        guard !originals.isEmpty else { throw BenchmarkError("no events to redeliver") }
        let outbox = SQLOutboxStore(database: database)
        var copies: [OutboxMessage] = []
        // The ReminderTriggered copies are outbox rows themselves: only rows beyond them are extra.
        var triggeredCopies = 0
        for index in 0..<count {
            var copy = originals[index % originals.count]
            copy.eventID = UUID()
            copies.append(copy)
            if copy.eventType == "com.todo.reminder.triggered.v1" { triggeredCopies += 1 }
            if copies.count == 500 {
                try await outbox.append(copies)
                copies = []
            }
        }
        try await outbox.append(copies)
        // The sentinels: one more completion per user, behind that user's duplicates.
        let marks = "SELECT count(*) FROM processed_events WHERE consumer = 'recurrence-generate'"
        let before = try await scalar(marks)
        for user in 0..<users {
            let body = try await post(
                user: user, json: #"{"title":"bench sentinel","dueAt":"2030-01-01T08:00:00Z","recurrence":"FREQ=DAILY"}"#)
            try await complete(user: user, id: try taskID(body))
        }
        guard try await until(before + users, marks, within: 300) == before + users else {
            throw BenchmarkError("the sentinels were not all handled")
        }
        let extraTasks = try await scalar("SELECT count(*) FROM tasks") - tasks - 2 * users
        let extraGenerated = try await scalar(sql, [.text("com.todo.recurringtask.generated.v1")]) - generated - users
        let extraTriggered =
            try await scalar(sql, [.text("com.todo.reminder.triggered.v1")]) - triggered - triggeredCopies
        let extraDelivered = try await scalar(sql, [.text("com.todo.reminder.delivered.v1")]) - delivered
        sockets.pump(milliseconds: 500)
        let twice = sockets.arrivals.values.reduce(0) { $0 + max(0, $1.count - 1) } - twiceBefore
        report.add(
            BenchmarkRow(
                name:
                    "consumers: \(grouped(Double(count))) redelivered duplicates → extra tasks / generated / triggered / delivered rows / socket deliveries",
                value: "\(extraTasks) / \(extraGenerated) / \(extraTriggered) / \(extraDelivered) / \(twice)",
                target: "0 / 0 / 0 / 0 / 0",
                reference: "TaskCompleted, ReminderScheduled, ReminderTriggered copies through relay → runtime → functions"))
    }

    func post(user: Int, json: String) async throws -> [UInt8] {
        let response = try await client.execute(
            .post, url: stack.url(user: user), headers: stack.headers(user: user), body: Array(json.utf8),
            timeout: .seconds(30))
        guard response.status.code == 201 else {
            throw BenchmarkError("create answered \(response.status.code): \(String(decoding: response.body, as: UTF8.self))")
        }
        return response.body
    }

    func complete(user: Int, id: String) async throws {
        let response = try await client.execute(
            .patch, url: "\(stack.url(user: user))/\(id)/complete", headers: stack.headers(user: user),
            timeout: .seconds(30))
        guard response.status.code == 200 else { throw BenchmarkError("complete answered \(response.status.code)") }
    }

    func taskID(_ body: [UInt8]) throws -> String {
        struct Created: Decodable { var id: String }
        return try JSONDecoder().decode(Created.self, from: Data(body)).id
    }

    /// Runs `work` for 0..<count, 8 at a time.
    func each(_ count: Int, _ work: @escaping @Sendable (Int) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                if index >= 8 { try await group.next() }
                group.addTask { try await work(index) }
            }
            try await group.waitForAll()
        }
    }

    func scalar(_ sql: String, _ binds: [SQLValue] = []) async throws -> Int {
        Int(try await database.read { try $0.query(sql, binds).first?.int(0) ?? 0 })
    }

    /// Polls `sql` until it counts `expected` or `seconds` pass. Every second it also asks task-crud for a list:
    /// under `--idle-timeout` task-crud stops once no request came for 2 s, and its relay with it, leaving a
    /// backlog (the duplicates) in the outbox until the next request or the 15-minute cron.
    func until(_ expected: Int, _ sql: String, within seconds: Int) async throws -> Int {
        let deadline = monotonicNanos() + UInt64(seconds) * 1_000_000_000
        var last = try await scalar(sql)
        var polls = 0
        while last < expected, monotonicNanos() < deadline {
            sockets.pump(milliseconds: 50)
            last = try await scalar(sql)
            polls += 1
            if polls % 20 == 0 {
                _ = try? await client.execute(
                    .get, url: stack.url(user: 0), headers: stack.headers(user: 0), timeout: .seconds(30))
            }
        }
        return last
    }
}
