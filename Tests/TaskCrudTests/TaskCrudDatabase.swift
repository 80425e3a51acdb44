import FoundationEssentials
import Glibc
import Storage

/// A fresh, migrated database for a test: a temporary SQLite file, or a private schema on the test PostgreSQL
/// (`TODOFN_TEST_DATABASE_URL`); removed afterwards.
enum TaskCrudDatabase {
    static let serverURL =
        ProcessInfo.processInfo.environment["TODOFN_TEST_DATABASE_URL"] ?? "postgresql://todofn:todofn@127.0.0.1:54329/todofn"

    static func with(_ postgres: Bool, _ body: (any SQLDatabase) async throws -> Void) async throws {
        guard postgres else {
            let path = "/tmp/task-crud-\(UUID().uuidString).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
            try await run(path, body)
            return
        }
        let schema = "crud_" + String(UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(16))
        let admin = try await StorageDatabase.open(serverURL, poolSize: 1)
        try await admin.withoutTransaction { try $0.executeScript("CREATE SCHEMA \(schema)") }
        do {
            try await run(serverURL + (serverURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)", body)
        } catch {
            _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
            await admin.close()
            throw error
        }
        _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
        await admin.close()
    }

    private static func run(_ location: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let database = try await StorageDatabase.open(location, poolSize: 2)
        do {
            try await Migrator(database: database).migrate()
            try await body(database)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
