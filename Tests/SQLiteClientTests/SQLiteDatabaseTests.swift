import FoundationEssentials
import SQLiteClient
import Testing

@Suite("SQLiteDatabase")
struct SQLiteDatabaseTests {
    /// A fresh file under the temporary directory, removed with its WAL files at the end.
    static func withFile<T>(_ body: (String) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appending(path: "sqlite-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        return try await body(path)
    }

    @Test("opens in WAL mode with foreign keys on and synchronous NORMAL")
    func pragmas() async throws {
        try await Self.withFile { path in
            let database = try await SQLiteDatabase.open(path: path)
            let (mode, keys, sync) = try await database.withWriter { connection in
                (
                    try connection.query("PRAGMA journal_mode")[0][0].text,
                    try connection.query("PRAGMA foreign_keys")[0][0].integer,
                    try connection.query("PRAGMA synchronous")[0][0].integer
                )
            }
            #expect(mode == "wal")
            #expect(keys == 1)
            #expect(sync == 1)
            await database.close()
        }
    }

    @Test("binds and reads every storage class, and caches statements by SQL text")
    func roundTrips() async throws {
        let database = try await SQLiteDatabase.open(path: ":memory:")
        let row = try await database.withWriter { connection in
            for _ in 0..<3 { try connection.query("SELECT ?1", [.integer(1)]) }
            let rows = try connection.query(
                "SELECT ?1, ?2, ?3, ?4, ?5, ?6",
                [.integer(-7), .real(2.5), .text("héllo"), .blob([0, 255]), .null, .blob([])])
            #expect(connection.preparedStatementCount == 2)
            return rows[0]
        }
        #expect(row.values == [.integer(-7), .real(2.5), .text("héllo"), .blob([0, 255]), .null, .blob([])])
        await database.close()
    }

    @Test("a unique violation is a typed error and the transaction rolls back")
    func uniqueViolationRollsBack() async throws {
        try await Self.withFile { path in
            let database = try await SQLiteDatabase.open(path: path, readerCount: 1)
            try await database.withWriter { try $0.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)") }
            let error = await #expect(throws: SQLiteError.self) {
                try await database.write { connection in
                    try connection.query("INSERT INTO items VALUES (1)")
                    try connection.query("INSERT INTO items VALUES (1)")
                }
            }
            #expect(error?.code == .uniqueViolation)
            let count = try await database.read { try $0.query("SELECT count(*) FROM items")[0][0].integer }
            #expect(count == 0)
            await database.close()
        }
    }

    @Test("a second process-like writer waits for the lock instead of failing")
    func twoWritersSerialise() async throws {
        try await Self.withFile { path in
            let first = try await SQLiteDatabase.open(path: path)
            let second = try await SQLiteDatabase.open(path: path)
            try await first.withWriter { try $0.execute("CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for database in [first, second] {
                    group.addTask {
                        for _ in 0..<200 { _ = try await database.write { try $0.query("INSERT INTO items DEFAULT VALUES") } }
                    }
                }
                try await group.waitForAll()
            }
            let count = try await first.write { try $0.query("SELECT count(*) FROM items")[0][0].integer }
            #expect(count == 400)
            await first.close()
            await second.close()
        }
    }

    @Test("concurrent writes share commits, and one that throws rolls back alone")
    func groupCommit() async throws {
        struct Rejected: Error {}
        try await Self.withFile { path in
            let database = try await SQLiteDatabase.open(path: path)
            try await database.withWriter { try $0.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)") }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        do {
                            try await database.write { connection in
                                try connection.query("INSERT INTO items VALUES (?1)", [.integer(Int64(index))])
                                if index.isMultiple(of: 10) { throw Rejected() }
                            }
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 180)
            let rows = try await database.read { try $0.query("SELECT count(*), sum(id % 10 = 0) FROM items")[0] }
            #expect(rows.values == [.integer(180), .integer(0)])
            await database.close()
        }
    }

    @Test("a bad path is a typed open error")
    func cannotOpen() async throws {
        let error = await #expect(throws: SQLiteError.self) {
            try await SQLiteDatabase.open(path: "/nonexistent-dir/x/y.db")
        }
        #expect(error?.code == .cantOpen)
    }
}
