import FoundationEssentials
import Testing
import TodoDomain

@testable import Storage

@Suite("TaskStore units of work: task, rule, reminders and events in one transaction")
struct TaskAggregateStoreTests {
    @Test("a create writes the task, its rule, its reminders and its events together", arguments: TestBackend.allCases)
    func createsTogether(backend: TestBackend) async throws {
        try await backend.withDatabase { db async throws in
            let new = NewTask(userID: "alice", title: "Series", dueAt: Date(timeIntervalSince1970: 1_900_000_000))
            let rule = NewRecurrenceRule(userID: "alice", rrule: "FREQ=DAILY")
            let reminders = [
                NewReminder(
                    taskID: new.id, userID: "alice", triggerAt: Date(timeIntervalSince1970: 1_899_998_200), beforeDue: "PT30M")
            ]
            var withRule = new
            withRule.recurrenceRuleID = rule.id
            let created = try await db.stores.tasks.create(withRule, rule: rule, reminders: reminders) { aggregate in
                [message("alice", "created"), message("alice", "reminder \(aggregate.reminders.count)")]
            }
            #expect(created.created && created.aggregate.reminders.map(\.beforeDue) == ["PT30M"])
            #expect(try await db.stores.recurrenceRules.get(id: rule.id, userID: "alice") != nil)
            #expect(try await db.stores.tasks.aggregate(id: new.id, userID: "alice") == created.aggregate)
            #expect(try await db.count("outbox") == 2)
        }
    }

    @Test("a create whose later step fails leaves nothing: no rule, task, reminder or event", arguments: TestBackend.allCases)
    func createAtomic(backend: TestBackend) async throws {
        try await backend.withDatabase { db async throws in
            let new = NewTask(userID: "alice", title: "Half")
            let twice = NewReminder(taskID: new.id, userID: "alice", triggerAt: Date(timeIntervalSince1970: 1_900_000_000))
            // The second reminder repeats the first's id: its insert fails after the rule, task and first reminder.
            await #expect(throws: StorageError.self) {
                try await db.stores.tasks.create(
                    new, rule: NewRecurrenceRule(userID: "alice", rrule: "FREQ=DAILY"), reminders: [twice, twice]
                ) { _ in [message("alice", "never")] }
            }
            // The events closure failing after every insert rolls back too.
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await db.stores.tasks.create(
                    new, rule: nil,
                    reminders: [
                        NewReminder(taskID: new.id, userID: "alice", triggerAt: Date(timeIntervalSince1970: 1_900_000_000))
                    ]
                ) { _ in throw Refused() }
            }
            for table in ["recurrence_rules", "tasks", "reminders", "outbox"] {
                #expect(try await db.count(table) == 0, "\(table)")
            }
        }
    }

    @Test("a modification that fails after writing the task and reminders leaves the old state", arguments: TestBackend.allCases)
    func modifyAtomic(backend: TestBackend) async throws {
        try await backend.withDatabase { db async throws in
            let new = NewTask(userID: "alice", title: "Before")
            let created = try await db.stores.tasks.create(
                new, rule: nil,
                reminders: [NewReminder(taskID: new.id, userID: "alice", triggerAt: Date(timeIntervalSince1970: 1_900_000_000))]
            ) { _ in [message("alice", "created")] }.aggregate
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await db.stores.tasks.modify(id: new.id, userID: "alice", expectedVersion: 1) { current, _ in
                    var task = current.task
                    task.title = "After"
                    var cancelled = current.reminders[0]
                    cancelled.status = .cancelled
                    return TaskModification(
                        task: task,
                        newReminders: [
                            NewReminder(taskID: new.id, userID: "alice", triggerAt: Date(timeIntervalSince1970: 1_900_000_000))
                        ],
                        changedReminders: [cancelled]
                    ) { _ in throw Refused() }
                }
            }
            #expect(try await db.stores.tasks.aggregate(id: new.id, userID: "alice") == created)
            #expect(try await db.count("outbox") == 1)
            let stale = await #expect(throws: StorageError.self) {
                try await db.stores.tasks.modify(id: new.id, userID: "alice", expectedVersion: 7) { _, _ in
                    TaskModification { _ in [] }
                }
            }
            #expect(stale?.code == .versionConflict)
            let elsewhere = await #expect(throws: StorageError.self) {
                try await db.stores.tasks.modify(id: new.id, userID: "bob", expectedVersion: nil) { _, _ in
                    TaskModification { _ in [] }
                }
            }
            #expect(elsewhere?.code == .notFound)
        }
    }

    @Test("reminder transitions are compare-and-set: of concurrent fires exactly one wins", arguments: TestBackend.allCases)
    func transitionOnce(backend: TestBackend) async throws {
        try await backend.withDatabase(poolSize: 4) { db async throws in
            let new = NewTask(userID: "alice", title: "Ping")
            let created = try await db.stores.tasks.create(
                new, rule: nil,
                reminders: [NewReminder(taskID: new.id, userID: "alice", triggerAt: Date(timeIntervalSince1970: 1_900_000_000))]
            ) { _ in [] }
            let id = try #require(created.aggregate.reminders.first?.id)
            let reminders = db.stores.reminders
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await reminders.transition(id: id, from: [.pending], to: .delivered) { [message($0.userID, "fired")] }
                            != nil
                    }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(winners == 1)
            #expect(try await db.count("outbox") == 1)
            #expect(try await reminders.get(id: id)?.status == .delivered)
        }
    }
}
