import FoundationEssentials
import Storage

/// A migrated outbox in a private schema on the test PostgreSQL (`TODOFN_TEST_DATABASE_URL`), dropped afterwards.
enum TestPostgresOutbox {
    static let serverURL =
        ProcessInfo.processInfo.environment["TODOFN_TEST_DATABASE_URL"] ?? "postgresql://todofn:todofn@127.0.0.1:54329/todofn"

    /// Runs `body` with the database (a pool of `poolSize`, task-crud's 4 by default) and its stores.
    static func with(poolSize: Int = 4, _ body: (any SQLDatabase, Stores) async throws -> Void) async throws {
        let schema = "relay_" + String(UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(16))
        let admin = try await StorageDatabase.open(serverURL, poolSize: 1)
        try await admin.withoutTransaction { try $0.executeScript("CREATE SCHEMA \(schema)") }
        let url = serverURL + (serverURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        do {
            let database = try await StorageDatabase.open(url, poolSize: poolSize)
            do {
                try await Migrator(database: database).migrate()
                try await body(database, Stores(database: database))
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        } catch {
            _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
            await admin.close()
            throw error
        }
        _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
        await admin.close()
    }
}
