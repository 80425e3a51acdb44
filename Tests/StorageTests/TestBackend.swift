import FoundationEssentials
import Storage
import Synchronization
import Testing

/// The two backends every store test runs against.
enum TestBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case postgres, sqlite

    var testDescription: String { rawValue }

    static let serverURL =
        ProcessInfo.processInfo.environment["TODOFN_TEST_DATABASE_URL"] ?? "postgresql://todofn:todofn@127.0.0.1:54329/todofn"

    /// Runs `body` against a fresh, migrated database of this backend, removed afterwards. PostgreSQL gets a
    /// private schema (so tests run in parallel and repeatedly); SQLite a temporary file.
    func withDatabase<T>(
        migrate: Bool = true, poolSize: Int = 2, _ body: (TestDatabase) async throws -> T
    ) async throws -> T {
        switch self {
        case .postgres:
            let schema = "t_" + String(UUID().uuidString.lowercased().filter { $0 != "-" })
            let admin = try await StorageDatabase.open(Self.serverURL, poolSize: 1)
            try await admin.withoutTransaction { try $0.executeScript("CREATE SCHEMA \(schema)") }
            let url = Self.serverURL + (Self.serverURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
            do {
                let value = try await run(location: url, migrate: migrate, poolSize: poolSize, body)
                try await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                await admin.close()
                return value
            } catch {
                _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                await admin.close()
                throw error
            }
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appending(path: "storage-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            return try await run(location: path, migrate: migrate, poolSize: poolSize, body)
        }
    }

    private func run<T>(location: String, migrate: Bool, poolSize: Int, _ body: (TestDatabase) async throws -> T)
        async throws -> T
    {
        let database = try await StorageDatabase.open(location, poolSize: poolSize)
        do {
            if migrate { try await Migrator(database: database).migrate() }
            let value = try await body(TestDatabase(location: location, database: database, backend: self))
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }
}

/// A migrated database and the stores over it, with a clock the test moves.
struct TestDatabase: Sendable {
    let location: String
    let database: any SQLDatabase
    let backend: TestBackend
    let clock = TestClock()

    var stores: Stores { Stores(database: database, hasher: CryptoAuditHasher(), now: clock.now) }

    /// Counts rows of `table`.
    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await database.read { Int(try $0.query("SELECT count(*) FROM \(table) WHERE \(condition)", [])[0].int(0) ?? -1) }
    }
}

/// A clock that starts at a fixed instant and moves only when told.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_767_225_600))

    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// An outbox message for `user` with a readable payload.
func message(_ user: String, _ text: String, id: UUID = UUID()) -> OutboxMessage {
    OutboxMessage(eventID: id, topic: "task-events", partitionKey: user, eventType: "test.\(text)", payload: Array(text.utf8))
}
