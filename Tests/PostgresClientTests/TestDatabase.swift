import FoundationEssentials
import PostgresClient

/// A private schema on the test server (from `TODOFN_TEST_DATABASE_URL`), dropped when the test ends.
struct TestDatabase {
    static let serverURL =
        ProcessInfo.processInfo.environment["TODOFN_TEST_DATABASE_URL"] ?? "postgresql://todofn:todofn@127.0.0.1:54329/todofn"

    let schema: String

    /// The server URL with `search_path` set to the private schema.
    var url: String {
        let separator = Self.serverURL.contains("?") ? "&" : "?"
        return Self.serverURL + separator + "options=-csearch_path%3D\(schema)"
    }

    /// Creates a schema, runs `body`, drops the schema (also when `body` throws).
    static func with<T>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = TestDatabase(schema: "t_" + String(UUID().uuidString.lowercased().filter { $0 != "-" }))
        let admin = try PostgresConnection(url: serverURL)
        try admin.execute("CREATE SCHEMA \(database.schema)")
        do {
            let value = try await body(database)
            try admin.execute("DROP SCHEMA \(database.schema) CASCADE")
            return value
        } catch {
            try? admin.execute("DROP SCHEMA \(database.schema) CASCADE")
            throw error
        }
    }
}
