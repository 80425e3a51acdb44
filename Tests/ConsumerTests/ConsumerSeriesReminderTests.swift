import FoundationEssentials
import HTTPTypes
import Storage
import Testing

/// The next task of a series gets the completed task's reminders (docs/consumers.md, recurrence-generate).
@Suite("consumers: a series' next task keeps its reminders")
struct ConsumerSeriesReminderTests {
    struct Reminder: Decodable {
        var id: String
        var at: String?
        var before: String?
        var triggerAt: String
        var status: String
    }
    struct Reminders: Decodable { var reminders: [Reminder] }

    @Test("relative reminders are re-anchored to the new due time, absolute ones move with it; removed ones stay gone")
    func nextTaskReminders() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let (_, db) = try await SliceBackend.taskStores(directory: directory, database: database)
                let waits = ConsumerWaits(database: db)
                let client = try TaskClient(stack: stack, user: "judy")
                let created = try await stack.send(
                    .post, "/api/judy/tasks", token: client.token,
                    json: #"""
                        {"title":"standup","dueAt":"2030-01-01T09:00:00Z","recurrence":"FREQ=DAILY",
                         "reminders":[{"before":"PT15M"},{"at":"2030-01-01T07:00:00Z"},{"at":"2030-01-01T06:00:00Z"}]}
                        """#)
                try #require(created.status.code == 201, "\(String(decoding: created.body, as: UTF8.self))")
                let first = try Body.decode(Body.Task.self, created.body).id
                // The user removes the 06:00 reminder: the series does not bring it back.
                let list = try Body.decode(
                    Reminders.self, try await stack.send(.get, "/api/judy/tasks/\(first)/reminders", token: client.token).body)
                #expect(list.reminders.count == 3)
                let six = try #require(list.reminders.first { $0.at?.hasPrefix("2030-01-01T06:00:00") == true })
                let removed = try await stack.send(
                    .delete, "/api/judy/tasks/\(first)/reminders/\(six.id)", token: client.token)
                #expect(removed.status.code == 204)
                try await client.toggle(first)
                let marks = "SELECT count(*) FROM processed_events WHERE consumer = 'recurrence-generate'"
                #expect(try await waits.until(1, marks) == 1, "log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                let next = try #require(
                    try await db.read {
                        try $0.query("SELECT id FROM tasks WHERE generation_key IS NOT NULL", []).first?.string(0)
                    })
                let reminders = try Body.decode(
                    Reminders.self, try await stack.send(.get, "/api/judy/tasks/\(next)/reminders", token: client.token).body
                ).reminders
                #expect(reminders.count == 2, "\(reminders)")
                let relative = reminders.first { $0.before == "PT15M" }
                #expect(relative?.triggerAt.hasPrefix("2030-01-02T08:45:00") == true, "\(reminders)")
                #expect(relative?.status == "pending")
                let absolute = reminders.first { $0.at != nil }
                #expect(absolute?.at?.hasPrefix("2030-01-02T07:00:00") == true, "\(reminders)")
                // Each carried reminder was scheduled like any new one: 3 first, then 2 for the next task.
                #expect(try await waits.events("com.todo.reminder.scheduled.v1") == 5)
                await db.close()
            }
        }
    }
}
