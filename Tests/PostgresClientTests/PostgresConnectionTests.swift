import FoundationEssentials
import PostgresClient
import Testing

@Suite("PostgresConnection")
struct PostgresConnectionTests {
    @Test("binds and reads every supported type")
    func roundTripsTypes() async throws {
        let connection = try PostgresConnection(url: TestDatabase.serverURL)
        let id = UUID()
        let date = Date(timeIntervalSince1970: 1_767_323_045.123456)
        let row = try #require(
            try connection.query(
                "SELECT $1::text, $2::uuid, $3::timestamptz, $4::int4, $5::int8, $6::bool, $7::jsonb, $8::bytea, $9::text",
                [
                    .text("héllo 'quoted'"), .uuid(id), .timestamptz(date), .int32(-42), .int64(9_000_000_000_000),
                    .bool(true), .jsonb(#"{"b":1,"a":[true,null]}"#), .bytea([0, 1, 254, 255]), .null,
                ]
            ).rows.first)
        #expect(try row.decode(String.self, at: 0) == "héllo 'quoted'")
        #expect(try row.decode(UUID.self, at: 1) == id)
        #expect(try row.decode(Date.self, at: 2) == date)
        #expect(try row.decode(Int32.self, at: 3) == -42)
        #expect(try row.decode(Int64.self, at: 4) == 9_000_000_000_000)
        #expect(try row.decode(Bool.self, at: 5) == true)
        #expect(try row.decode(String.self, at: 6) == #"{"a": [true, null], "b": 1}"#)
        #expect(try row.decode(PostgresBytes.self, at: 7).bytes == [0, 1, 254, 255])
        #expect(try row.decodeIfPresent(String.self, at: 8) == nil)
        #expect(throws: PostgresError.self) { try row.decode(String.self, at: 8) }
        #expect(throws: PostgresError.self) { try row.decode(UUID.self, at: 0) }
    }

    @Test("reads timestamptz as UTC whatever the server's zone, before 1970 too")
    func parsesTimestamps() throws {
        let connection = try PostgresConnection(url: TestDatabase.serverURL)
        let row = try #require(
            try connection.query("SELECT '2026-03-29 01:30:00+01'::timestamptz, '1969-12-31 23:59:59.5+00'::timestamptz")
                .rows.first)
        #expect(try row.decode(Date.self, at: 0) == Date(timeIntervalSince1970: 1_774_744_200))
        #expect(try row.decode(Date.self, at: 1) == Date(timeIntervalSince1970: -0.5))
        #expect(PostgresTimestamp.parse("2026-01-02 03:04:05.5-05:30") == Date(timeIntervalSince1970: 1_767_342_845.5))
        #expect(PostgresTimestamp.parse("infinity") == nil)
    }

    @Test("prepares a statement once per SQL text")
    func cachesPreparedStatements() throws {
        let connection = try PostgresConnection(url: TestDatabase.serverURL)
        for value in 0..<5 { try connection.query("SELECT $1::int4 + 1", [.int32(Int32(value))]) }
        try connection.query("SELECT $1::int4 + 2", [.int32(1)])
        #expect(connection.preparedStatementCount == 2)
    }

    @Test("a unique violation is a typed error naming the constraint")
    func uniqueViolation() async throws {
        try await TestDatabase.with { database in
            let connection = try PostgresConnection(url: database.url)
            try connection.execute("CREATE TABLE items (id int4 PRIMARY KEY)")
            try connection.query("INSERT INTO items VALUES ($1)", [.int32(1)])
            let error = try #require(throws: PostgresError.self) {
                try connection.query("INSERT INTO items VALUES ($1)", [.int32(1)])
            }
            #expect(error.code == .uniqueViolation)
            #expect(error.sqlState == "23505")
            #expect(error.constraint == "items_pkey")
            #expect(!error.isRetryable)
        }
    }

    @Test(
        "an unknown table is a typed error, and SQLSTATEs map to codes",
        arguments: [
            ("42P01", PostgresError.Code.undefinedTable), ("23505", .uniqueViolation), ("40001", .serializationFailure),
            ("40P01", .deadlockDetected), ("28P01", .authenticationFailed), ("08006", .connectionFailure),
            ("22P02", .invalidInput), ("57P01", .adminShutdown), ("XX000", .other),
        ])
    func mapsSQLState(sqlState: String, code: PostgresError.Code) throws {
        #expect(PostgresError.Code(sqlState: sqlState) == code)
        if sqlState == "42P01" {
            let connection = try PostgresConnection(url: TestDatabase.serverURL)
            let error = try #require(throws: PostgresError.self) { try connection.query("SELECT * FROM no_such_table") }
            #expect(error.code == .undefinedTable && error.message.contains("no_such_table"))
        }
    }

    @Test("a connection lost during COMMIT is in doubt and never retried")
    func commitInDoubt() {
        var error = PostgresError(.connectionFailure, message: "server closed the connection", connectionLost: true)
        #expect(error.isRetryable)
        error.commitInDoubt = true
        #expect(!error.isRetryable)
    }

    @Test("a transaction rolls back when its body throws")
    func rollsBack() async throws {
        struct Boom: Error {}
        try await TestDatabase.with { database in
            let connection = try PostgresConnection(url: database.url)
            try connection.execute("CREATE TABLE items (id int4 PRIMARY KEY)")
            #expect(throws: Boom.self) {
                try connection.withTransaction { connection in
                    try connection.query("INSERT INTO items VALUES (1)")
                    throw Boom()
                }
            }
            #expect(!connection.isInTransaction)
            #expect(try connection.query("SELECT count(*) FROM items").rows[0].decode(Int.self, at: 0) == 0)
            // BEGIN travels with the first statement; a body without statements sends nothing at all.
            #expect(try connection.withTransaction { _ in 7 } == 7)
            let inside = try connection.withTransaction { connection in
                try connection.query("INSERT INTO items VALUES (2)")
                return connection.isInTransaction
            }
            #expect(inside && !connection.isInTransaction)
            #expect(try connection.query("SELECT count(*) FROM items").rows[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test("pipeline mode inserts a batch in one transaction, and a failure inserts nothing")
    func pipelinesBatches() async throws {
        try await TestDatabase.with { database in
            let connection = try PostgresConnection(url: database.url)
            try connection.execute("CREATE TABLE items (id int4 PRIMARY KEY, body text)")
            let rows: [[PostgresData]] = (0..<2500).map { [.int32(Int32($0)), .text("row \($0)")] }
            let affected = try connection.withTransaction { try $0.pipeline("INSERT INTO items VALUES ($1, $2)", rows) }
            #expect(affected == 2500)
            let clashing: [[PostgresData]] = [[.int32(5000), .text("new")], [.int32(7), .text("duplicate")]]
            let error = try #require(throws: PostgresError.self) {
                try connection.withTransaction { try $0.pipeline("INSERT INTO items VALUES ($1, $2)", clashing) }
            }
            #expect(error.code == .uniqueViolation)
            #expect(try connection.query("SELECT count(*) FROM items").rows[0].decode(Int.self, at: 0) == 2500)
        }
    }

    @Test("a wrong password is a typed authentication error with a clear message")
    func wrongPassword() throws {
        let url = TestDatabase.serverURL.replacing("todofn:todofn@", with: "todofn:wrong@")
        let error = try #require(throws: PostgresError.self) { try PostgresConnection(url: url) }
        #expect(error.code == .authenticationFailed)
        #expect(error.description.contains("password authentication failed"))
    }

    @Test("an unreachable server is a typed connection error")
    func unreachableServer() throws {
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: "postgresql://todofn:todofn@127.0.0.1:1/todofn?connect_timeout=2")
        }
        #expect(error.code == .connectionFailure)
        #expect(error.isRetryable)
    }
}

@Suite("UUIDText")
struct UUIDTextTests {
    @Test("formats lowercase and parses either case, matching Foundation")
    func roundTrips() {
        for _ in 0..<100 {
            let uuid = UUID()
            #expect(UUIDText.format(uuid) == uuid.uuidString.lowercased())
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
            #expect(UUIDText.parse(UUIDText.format(uuid)) == uuid)
        }
        for bad in [
            "", "not-a-uuid", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg",
            "0f1e2d3c+4b5a-6978-8796-a5b4c3d2e1f0",
        ] {
            #expect(UUIDText.parse(bad) == nil)
        }
    }
}
