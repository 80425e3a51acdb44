import FoundationEssentials
import Testing
import TodoDomain

@testable import Storage

@Suite("Migrator on both backends")
struct MigratorTests {
    @Test("applies every migration once and records it", arguments: TestBackend.allCases)
    func appliesOnce(backend: TestBackend) async throws {
        try await backend.withDatabase(migrate: false) { db async throws in
            let migrator = Migrator(database: db.database)
            #expect(try await migrator.migrate() == [1, 2, 3, 4, 5, 6, 7, 8, 9])
            #expect(try await migrator.migrate() == [])
            #expect(try await migrator.appliedVersions() == [1, 2, 3, 4, 5, 6, 7, 8, 9])
            #expect(try await db.count("tasks") == 0)
        }
    }

    @Test("two migrators starting at once apply each migration exactly once", arguments: TestBackend.allCases)
    func concurrentMigrators(backend: TestBackend) async throws {
        try await backend.withDatabase(migrate: false) { db async throws in
            let other = try await StorageDatabase.open(db.location, poolSize: 1)
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for database in [db.database, other] { group.addTask { try await Migrator(database: database).migrate() } }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            await other.close()
            #expect(applied.sorted() == [1, 2, 3, 4, 5, 6, 7, 8, 9])
            #expect(try await db.count("schema_migrations") == 9)
        }
    }

    @Test("a failing migration rolls back whole and stops the run", arguments: TestBackend.allCases)
    func failingMigration(backend: TestBackend) async throws {
        try await backend.withDatabase(migrate: false) { db async throws in
            let migrations = [
                Migration(version: 1, name: "first", sql: "CREATE TABLE first_table (id integer PRIMARY KEY)"),
                Migration(
                    version: 2, name: "broken",
                    sql:
                        "CREATE TABLE half_table (id integer PRIMARY KEY); INSERT INTO half_table VALUES (1); INSERT INTO half_table VALUES (1)"
                ),
                Migration(version: 3, name: "third", sql: "CREATE TABLE third_table (id integer PRIMARY KEY)"),
            ]
            let migrator = Migrator(database: db.database, migrations: migrations)
            let error = await #expect(throws: StorageError.self) { try await migrator.migrate() }
            #expect(error?.code == .migrationFailed)
            #expect(error?.description.contains("migration 2 (broken)") == true)
            #expect(try await migrator.appliedVersions() == [1])
            let half = await #expect(throws: StorageError.self) { try await db.count("half_table") }
            #expect(half != nil)
            #expect(try await db.count("first_table") == 0)
        }
    }

    @Test(
        "migrations 5 to 9 upgrade a database in use: tasks, reminders and keys survive, constraints still hold",
        arguments: TestBackend.allCases)
    func upgradeKeepsData(backend: TestBackend) async throws {
        try await backend.withDatabase(migrate: false) { db async throws in
            let all = Migration.all(for: db.database.dialect)
            #expect(try await Migrator(database: db.database, migrations: Array(all.prefix(4))).migrate() == [1, 2, 3, 4])
            let stores = db.stores
            let rule = try await stores.recurrenceRules.create(
                NewRecurrenceRule(userID: "alice", rrule: "FREQ=DAILY", anchor: .schedule))
            // Rows as the version-4 schema holds them (today's stores write columns that come with migration 7).
            let now = Date(timeIntervalSince1970: 1_767_225_600)
            let keyed = TaskRecord(
                id: TimeOrderedUUID.make(), userID: "alice", title: "Keyed Task", description: nil, status: .pending,
                priority: .none, tags: ["a\"b"], dueAt: nil, timeZone: nil, remindAt: nil, recurrenceRuleID: rule.id,
                generationKey: "k1", createdAt: now, updatedAt: now, completedAt: nil, version: 1)
            var plain = keyed
            plain.id = TimeOrderedUUID.make()
            plain.title = "plain"
            plain.tags = []
            plain.dueAt = Date(timeIntervalSince1970: 1_767_300_000.25)
            plain.recurrenceRuleID = nil
            plain.generationKey = nil
            let reminder = NewReminder(taskID: keyed.id, userID: "alice", triggerAt: Date(timeIntervalSince1970: 1_800_000_000))
                .record(at: now)
            let rows = [keyed, plain]
            try await db.database.transaction { executor in
                for task in rows {
                    try executor.execute(
                        "INSERT INTO tasks (\(SQLTaskStore.columns)) VALUES (\((1...16).map { "$\($0)" }.joined(separator: ", ")))",
                        Array(SQLTaskStore.binds(task).prefix(16)))
                }
                try OutboxWriter.write([message("alice", "plain 1"), message("alice", "plain 2")], to: executor, createdAt: now)
                try executor.execute(
                    """
                    INSERT INTO reminders (id, task_id, user_id, trigger_at, status, job_name, delivered_at, created_at,
                    updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """, Array(SQLReminderStore.binds(reminder).prefix(9)))
            }

            let eventsBefore = try await stores.outbox.unsent(limit: 10)
            _ = try await stores.outbox.claim(limit: 1, token: UUID(), lease: .seconds(60))

            #expect(try await Migrator(database: db.database, migrations: Array(all.prefix(5))).migrate() == [5])
            #expect(try await Migrator(database: db.database).migrate() == [6, 7, 8, 9])
            // Rows from before migration 7 are found by a case-insensitive search (lower(), no accent folding).
            #expect(try await stores.tasks.list(TaskFilter(userID: "alice", search: "KEYED")).tasks.map(\.id) == [keyed.id])
            #expect(try await stores.outbox.unsent(limit: 10) == eventsBefore)
            // The claimed first event still holds back the second one of its partition.
            #expect(try await stores.outbox.claim(limit: 10, token: UUID(), lease: .seconds(60)).isEmpty)
            _ = try await stores.tasks.create(NewTask(userID: "bob", title: "after")) { [message($0.userID, "after")] }
            let sequences = try await stores.outbox.unsent(limit: 10).map(\.sequence)
            #expect(sequences.count == 3 && sequences == sequences.sorted() && sequences[2] > eventsBefore[1].sequence)
            #expect(try await stores.tasks.get(id: keyed.id, userID: "alice") == keyed)
            #expect(try await stores.tasks.get(id: plain.id, userID: "alice") == plain)
            #expect(try await stores.reminders.list(taskID: keyed.id) == [reminder])
            let again = try await stores.tasks.create(NewTask(userID: "alice", title: "again", generationKey: "k1")) {
                _ in []
            }
            #expect(again.created == false && again.task == keyed)
            let orphan = await #expect(throws: StorageError.self) {
                try await stores.reminders.create(NewReminder(taskID: UUID(), userID: "alice", triggerAt: Date())) { _ in [] }
            }
            #expect(orphan?.code == .constraint)
            let badStatus = await #expect(throws: StorageError.self) {
                try await db.database.transaction { try $0.execute("UPDATE tasks SET status = 'bogus'", []) }
            }
            #expect(badStatus?.code == .constraint)
        }
    }
}
