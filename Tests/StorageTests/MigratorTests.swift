import FoundationEssentials
import Storage
import Testing

@Suite("Migrator on both backends")
struct MigratorTests {
    @Test("applies every migration once and records it", arguments: TestBackend.allCases)
    func appliesOnce(backend: TestBackend) async throws {
        try await backend.withDatabase(migrate: false) { db async throws in
            let migrator = Migrator(database: db.database)
            #expect(try await migrator.migrate() == [1, 2, 3, 4, 5])
            #expect(try await migrator.migrate() == [])
            #expect(try await migrator.appliedVersions() == [1, 2, 3, 4, 5])
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
            #expect(applied.sorted() == [1, 2, 3, 4, 5])
            #expect(try await db.count("schema_migrations") == 5)
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
}
