import FoundationEssentials
import HTTPTypes
import Storage
import Testing

/// Time zones and recurrence through the ingress and task-crud, on SQLite and PostgreSQL.
@Suite("task-crud: time zones and recurrence rules")
struct RecurrenceAPITests {
    struct Recurring: Decodable {
        struct Rule: Decodable {
            var ruleId: String
            var rrule: String
            var anchor: String
            var endAfter: Int?
            var endBy: String?
            var occurrence: Int
            var nextDueAt: String?
        }
        var id: String
        var timeZone: String?
        var dueAt: String?
        var recurrence: Rule?
    }

    @Test(
        "every IANA zone is accepted, and a rule shows as RRULE with its anchor, end and next due time",
        arguments: SliceBackend.allCases)
    func recurringTask(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let token = try stack.token("alice")
                for zone in ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Kiritimati", "UTC"] {
                    let response = try await stack.send(
                        .post, "/api/alice/tasks", token: token, json: #"{"title":"zoned","timeZone":"\#(zone)"}"#)
                    #expect(response.status.code == 201, "\(zone): \(String(decoding: response.body, as: UTF8.self))")
                }
                // Due 2030-03-30 09:00 Paris (08:00Z), daily: the next one is 09:00 CEST on the 31st, 07:00Z.
                let created = try await stack.send(
                    .post, "/api/alice/tasks", token: token,
                    json:
                        #"{"title":"stretch","dueAt":"2030-03-30T08:00:00Z","timeZone":"Europe/Paris","recurrence":"FREQ=DAILY;COUNT=3"}"#
                )
                try #require(created.status.code == 201, "\(String(decoding: created.body, as: UTF8.self))")
                let task = try Body.decode(Recurring.self, created.body)
                let rule = try #require(task.recurrence)
                #expect(rule.rrule == "FREQ=DAILY;COUNT=3")
                #expect(rule.anchor == "schedule")
                #expect(rule.endAfter == 3)
                #expect(rule.occurrence == 1)
                #expect(rule.nextDueAt == "2030-03-31T07:00:00Z")

                let simple = try await stack.send(
                    .patch, "/api/alice/tasks/\(task.id)", token: token,
                    json:
                        #"{"recurrence":{"frequency":"weekly","interval":2,"endBy":"2099-12-31T23:00:00Z","anchor":"completion"}}"#
                )
                try #require(simple.status.code == 200, "\(String(decoding: simple.body, as: UTF8.self))")
                let changed = try #require(try Body.decode(Recurring.self, simple.body).recurrence)
                #expect(changed.rrule == "FREQ=WEEKLY;INTERVAL=2;UNTIL=20991231T230000Z")
                #expect(changed.anchor == "completion")
                #expect(changed.endBy == "2099-12-31T23:00:00Z")
                #expect(changed.ruleId != rule.ruleId)

                let shown = try await stack.send(.get, "/api/alice/tasks/\(task.id)", token: token)
                #expect(try Body.decode(Recurring.self, shown.body).recurrence?.ruleId == changed.ruleId)

                let cleared = try await stack.send(
                    .patch, "/api/alice/tasks/\(task.id)", token: token, json: #"{"recurrence":null}"#)
                #expect(try Body.decode(Recurring.self, cleared.body).recurrence == nil)

                // The events carry the rule: TaskCreated's task.recurrence names it.
                let (stores, db) = try await SliceBackend.auditStores(directory: directory, database: database)
                // Waits for all 8 of alice's events (5 + 1 creates, 2 updates), generously: CI machines are busy.
                let rows = try await AuditRows.waitFor(8, in: stores.audit, within: .seconds(180))
                await db.close()
                let createdEvent = rows.first { $0.entry.subject == task.id && $0.entry.type.contains("created") }
                #expect(createdEvent?.entry.payload.contains(#""rule":"FREQ=DAILY;COUNT=3""#) == true)
                #expect(createdEvent?.entry.payload.contains(#""anchor":"schedule""#) == true)
            }
        }
    }
}
