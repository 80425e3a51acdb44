import FoundationEssentials
import PostgresClient
import Testing

@Suite("PostgreSQL failures")
struct PostgresFailureTests {
    @Test("a connection dropped mid-transaction is a typed error and leaves nothing applied")
    func droppedConnection() async throws {
        try await TestDatabase.with { database in
            let victim = try PostgresConnection(url: database.url)
            let killer = try PostgresConnection(url: database.url)
            try victim.execute("CREATE TABLE items (id int4 PRIMARY KEY)")
            let error = try #require(throws: PostgresError.self) {
                try victim.withTransaction { connection in
                    try connection.query("INSERT INTO items VALUES (1)")
                    try killer.query("SELECT pg_terminate_backend($1::int4)", [.int32(connection.backendPID)])
                    try connection.query("INSERT INTO items VALUES (2)")
                }
            }
            #expect(error.connectionLost)
            #expect(error.code == .adminShutdown || error.code == .connectionFailure)
            #expect(!victim.isHealthy)
            #expect(try killer.query("SELECT count(*) FROM items").rows[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test("the pool replaces a connection that was terminated")
    func poolReconnects() async throws {
        let pool = try await PostgresPool.connect(url: TestDatabase.serverURL, size: 1)
        let killer = try PostgresConnection(url: TestDatabase.serverURL)
        let pid = try await pool.withConnection { $0.backendPID }
        try killer.query("SELECT pg_terminate_backend($1::int4)", [.int32(pid)])
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { try $0.query("SELECT 1") }
        }
        #expect(error?.isRetryable == true)
        let answer = try await withPostgresRetry {
            try await pool.withConnection { try $0.query("SELECT 41 + 1").rows[0].decode(Int.self, at: 0) }
        }
        #expect(answer == 42)
        await pool.close()
    }

    @Test("write skew under SERIALIZABLE is a typed retryable error")
    func serializationFailure() async throws {
        try await TestDatabase.with { database in
            let first = try PostgresConnection(url: database.url)
            let second = try PostgresConnection(url: database.url)
            try first.execute("CREATE TABLE shifts (doctor int4, on_call bool); INSERT INTO shifts VALUES (1, true), (2, true)")
            try first.execute(PostgresIsolation.serializable.beginStatement)
            try second.execute(PostgresIsolation.serializable.beginStatement)
            try first.query("SELECT count(*) FROM shifts WHERE on_call")
            try second.query("SELECT count(*) FROM shifts WHERE on_call")
            try first.query("UPDATE shifts SET on_call = false WHERE doctor = 1")
            try second.query("UPDATE shifts SET on_call = false WHERE doctor = 2")
            try first.execute("COMMIT")
            let error = try #require(throws: PostgresError.self) { try second.execute("COMMIT") }
            #expect(error.code == .serializationFailure)
            #expect(error.isRetryable)
        }
    }

    @Test("the retry helper repeats a transaction after a serialization failure")
    func retriesSerializationFailures() async throws {
        var attempts = 0
        let value = try await withPostgresRetry { () async throws -> Int in
            attempts += 1
            if attempts < 3 { throw PostgresError(.serializationFailure, sqlState: "40001", message: "conflict") }
            return attempts
        }
        #expect(value == 3)
        await #expect(throws: PostgresError.self) {
            try await withPostgresRetry { () async throws -> Int in
                throw PostgresError(.uniqueViolation, sqlState: "23505", message: "duplicate")
            }
        }
    }

    @Test("the pool runs concurrent work on every connection")
    func poolConcurrency() async throws {
        let pool = try await PostgresPool.connect(url: TestDatabase.serverURL, size: 4)
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await pool.withConnection { connection in
                        try connection.query("SELECT pg_sleep(0.01)")
                        return connection.backendPID
                    }
                }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        #expect(pids.count == 4)
        await pool.close()
        await #expect(throws: PostgresError.self) { try await pool.withConnection { _ in 1 } }
    }
}
