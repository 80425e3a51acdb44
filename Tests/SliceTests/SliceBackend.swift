import FoundationEssentials
import Storage
import Testing

/// Where `todofn up` keeps tasks and the audit log in a test: SQLite files under the data directory, or a private
/// schema on the test PostgreSQL (`TODOFN_TEST_DATABASE_URL`), dropped afterwards.
enum SliceBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let serverURL =
        ProcessInfo.processInfo.environment["TODOFN_TEST_DATABASE_URL"] ?? "postgresql://todofn:todofn@127.0.0.1:54329/todofn"

    /// Runs `body` with a fresh directory and database location (nil: SQLite under the data directory).
    func withEnvironment(_ body: (_ directory: String, _ database: String?) async throws -> Void) async throws {
        let directory = Files.temporaryDirectory()
        defer { Files.remove(directory) }
        switch self {
        case .sqlite:
            try await body(directory, nil)
        case .postgres:
            let schema = "slice_" + String(UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(16))
            let admin = try await StorageDatabase.open(Self.serverURL, poolSize: 1)
            try await admin.withoutTransaction { try $0.executeScript("CREATE SCHEMA \(schema)") }
            let url = Self.serverURL + (Self.serverURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
            do {
                try await body(directory, url)
            } catch {
                _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                await admin.close()
                throw error
            }
            _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
            await admin.close()
        }
    }

    /// The stores over the database the stack's audit-log writes (for counting what is really stored).
    static func auditStores(directory: String, database: String?) async throws -> (Stores, any SQLDatabase) {
        let database = try await StorageDatabase.open(database ?? directory + "/data/audit.sqlite", poolSize: 1)
        return (Stores(database: database), database)
    }

    /// The stores over the tasks database.
    static func taskStores(directory: String, database: String?) async throws -> (Stores, any SQLDatabase) {
        let database = try await StorageDatabase.open(database ?? directory + "/data/todo.sqlite", poolSize: 1)
        return (Stores(database: database), database)
    }
}
