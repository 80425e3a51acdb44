import FoundationEssentials
import PostgresClient
import Testing

/// Statements queued in a transaction go out with the next statement read or with the COMMIT (issue 13).
@Suite("Queued statements in a PostgreSQL transaction")
struct QueuedStatementTests {
    @Test("a queued write goes out before the next query and with the COMMIT, in order")
    func sentWithNextStatement() async throws {
        try await TestDatabase.with { database in
            let connection = try PostgresConnection(url: database.url)
            try connection.execute("CREATE TABLE items (id int4 PRIMARY KEY)")
            let seen = try connection.withTransaction { connection in
                try connection.enqueue("INSERT INTO items VALUES ($1)", [.int32(1)])
                try connection.enqueue("INSERT INTO items VALUES ($1)", [.int32(2)])
                #expect(connection.queuedCount == 2)
                let seen = try connection.query("SELECT count(*) FROM items").rows[0].decode(Int.self, at: 0)
                #expect(connection.queuedCount == 0)
                try connection.enqueue("INSERT INTO items VALUES ($1)", [.int32(3)])
                return seen
            }
            #expect(seen == 2 && connection.queuedCount == 0 && !connection.isInTransaction)
            #expect(try connection.query("SELECT count(*) FROM items").rows[0].decode(Int.self, at: 0) == 3)
            // Outside a transaction a queued statement runs at once.
            try connection.enqueue("INSERT INTO items VALUES ($1)", [.int32(4)])
            #expect(connection.queuedCount == 0)
            #expect(try connection.query("SELECT count(*) FROM items").rows[0].decode(Int.self, at: 0) == 4)
        }
    }

    @Test("a queued write that fails at the COMMIT rolls the whole transaction back")
    func failureAtCommit() async throws {
        struct Boom: Error {}
        try await TestDatabase.with { database in
            let connection = try PostgresConnection(url: database.url)
            try connection.execute("CREATE TABLE items (id int4 PRIMARY KEY, body text NOT NULL)")
            try connection.query("INSERT INTO items VALUES (1, 'one')")
            let error = try #require(throws: PostgresError.self) {
                try connection.withTransaction { connection in
                    try connection.query("INSERT INTO items VALUES (2, 'two')")
                    try connection.enqueue("INSERT INTO items VALUES ($1, $2)", [.int32(3), .text("three")])
                    try connection.enqueue("INSERT INTO items VALUES ($1, $2)", [.int32(1), .text("again")])
                }
            }
            #expect(error.code == .uniqueViolation && !connection.isInTransaction)
            // A body that throws drops its queue: nothing of it is sent.
            #expect(throws: Boom.self) {
                try connection.withTransaction { connection in
                    try connection.enqueue("INSERT INTO items VALUES ($1, $2)", [.int32(4), .text("four")])
                    throw Boom()
                }
            }
            #expect(connection.queuedCount == 0 && !connection.isInTransaction)
            // A transaction opened by hand and rolled back (as the pool does after a body that threw) drops its queue.
            try connection.execute("BEGIN")
            try connection.enqueue("INSERT INTO items VALUES ($1, $2)", [.int32(5), .text("five")])
            try connection.execute("ROLLBACK")
            #expect(connection.queuedCount == 0 && !connection.isInTransaction)
            #expect(try connection.query("SELECT count(*) FROM items").rows[0].decode(Int.self, at: 0) == 1)
        }
    }
}
