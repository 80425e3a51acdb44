import FoundationEssentials
import PostgresClient

/// ``SQLDatabase`` over a ``PostgresPool``: each unit of work leases a connection and runs on its thread.
package final class PostgresSQLDatabase: SQLDatabase {
    private let pool: PostgresPool

    /// How many connections the pool holds.
    package var connectionCount: Int { pool.size }

    /// The dialect: PostgreSQL.
    package var dialect: SQLDialect { .postgres }

    /// Connects a pool of `poolSize` connections to `url`.
    /// - Throws: ``StorageError`` (`.unavailable`, `.authentication`).
    package init(url: String, poolSize: Int = 4) async throws {
        do {
            pool = try await PostgresPool.connect(url: url, size: poolSize)
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs `body` in a READ COMMITTED transaction, retried whole on serialization failures, deadlocks and
    /// lost connections.
    package func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        try await transaction(priority: false, body)
    }

    /// ``transaction(_:)`` on the first connection free, ahead of the requests waiting for one.
    package func priorityTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T)
        async throws -> T
    { try await transaction(priority: true, body) }

    private func transaction<T: Sendable>(
        priority: Bool, _ body: @escaping @Sendable (any SQLExecutor) throws -> T
    ) async throws -> T {
        do {
            return try await withPostgresRetry(unwrap: Self.postgresError) {
                try await pool.withTransaction(priority: priority) { connection in
                    try body(PostgresExecutor(connection: connection))
                }
            }
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs `body` in autocommit mode (each statement sees its own snapshot, one round trip per statement),
    /// retried on a lost connection; the stores' reads are single statements.
    package func read<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        do {
            return try await withPostgresRetry(unwrap: Self.postgresError) {
                try await pool.withConnection { connection in try body(PostgresExecutor(connection: connection)) }
            }
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs `body` in autocommit mode on one leased connection.
    package func withoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T)
        async throws -> T
    {
        do {
            return try await pool.withConnection { connection in try body(PostgresExecutor(connection: connection)) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Closes the pool.
    package func close() async { await pool.close() }

    /// The ``PostgresError`` behind `error`, wrapped or not.
    static func postgresError(_ error: any Error) -> PostgresError? {
        (error as? PostgresError) ?? ((error as? StorageError)?.underlying as? PostgresError)
    }

    /// Maps a ``PostgresError`` to a ``StorageError``; other errors pass through.
    static func map(_ error: any Error) -> any Error {
        guard let error = error as? PostgresError else { return error }
        let code: StorageError.Code =
            switch error.code {
            case .uniqueViolation: .duplicate
            case .foreignKeyViolation, .checkViolation, .notNullViolation: .constraint
            case .raisedException where error.message.contains("immutable"): .immutable
            case .authenticationFailed: .authentication
            case .connectionFailure, .adminShutdown, .closed: .unavailable
            case .invalidInput: .invalidInput
            default: error.connectionLost ? .unavailable : .database
            }
        return StorageError(code, message: error.message, underlying: error)
    }
}

/// ``SQLExecutor`` over one ``PostgresConnection``, used on the connection's thread during one closure.
struct PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection

    var dialect: SQLDialect { .postgres }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [any SQLRow] {
        do {
            return try connection.query(sql, binds.map(Self.data)).rows.map(PostgresSQLRow.init)
        } catch { throw PostgresSQLDatabase.map(error) }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int {
        do {
            return try connection.query(sql, binds.map(Self.data)).affectedRows
        } catch { throw PostgresSQLDatabase.map(error) }
    }

    func enqueue(_ sql: String, _ binds: [SQLValue]) throws {
        do {
            try connection.enqueue(sql, binds.map(Self.data))
        } catch { throw PostgresSQLDatabase.map(error) }
    }

    func executeBatch(_ sql: String, _ rows: [[SQLValue]]) throws -> Int {
        do {
            if rows.count == 1 { return try connection.query(sql, rows[0].map(Self.data)).affectedRows }
            return try connection.pipeline(sql, rows.map { try $0.map(Self.data) })
        } catch { throw PostgresSQLDatabase.map(error) }
    }

    func executeScript(_ sql: String) throws {
        do { try connection.execute(sql) } catch { throw PostgresSQLDatabase.map(error) }
    }

    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        // Two statement shapes only (full chunks and single rows), so the prepared-statement cache stays small.
        let perStatement = max(1, min(100, 30_000 / max(columns.count, 1)))
        let fullCount = rows.count / perStatement * perStatement
        var inserted = 0
        do {
            if fullCount > 0 {
                let sql = Self.insertStatement(into: table, columns: columns, rowCount: perStatement)
                let chunks = try stride(from: 0, to: fullCount, by: perStatement).map { start in
                    try rows[start..<start + perStatement].flatMap { try $0.map(Self.data) }
                }
                inserted += try connection.pipeline(sql, chunks)
            }
            if fullCount < rows.count {
                let sql = Self.insertStatement(into: table, columns: columns, rowCount: 1)
                inserted += try connection.pipeline(sql, rows[fullCount...].map { try $0.map(Self.data) })
            }
        } catch {
            throw PostgresSQLDatabase.map(error)
        }
        return inserted
    }

    /// - Throws: ``StorageError`` `invalidInput` for text with a NUL, which libpq would cut there.
    static func data(_ value: SQLValue) throws(StorageError) -> PostgresData {
        try value.requireNoNUL()
        return switch value {
        case .null: .null
        case .text(let text): .text(text)
        case .int(let int): .int64(int)
        case .bool(let bool): .bool(bool)
        case .uuid(let uuid): .uuid(uuid)
        case .date(let date): .timestamptz(date)
        case .bytes(let bytes): .bytea(bytes)
        case .json(let json): .jsonb(json)
        }
    }
}

/// ``SQLRow`` over a text-format ``PostgresRow``.
struct PostgresSQLRow: SQLRow {
    let row: PostgresRow

    func string(_ index: Int) throws -> String? { try decode(String.self, index) }
    func int(_ index: Int) throws -> Int64? { try decode(Int64.self, index) }
    func bool(_ index: Int) throws -> Bool? { try decode(Bool.self, index) }
    func uuid(_ index: Int) throws -> UUID? { try decode(UUID.self, index) }
    func date(_ index: Int) throws -> Date? { try decode(Date.self, index) }
    func bytes(_ index: Int) throws -> [UInt8]? { try decode(PostgresBytes.self, index)?.bytes }

    private func decode<T: PostgresDecodable>(_ type: T.Type, _ index: Int) throws -> T? {
        do {
            return try row.decodeIfPresent(type, at: index)
        } catch {
            throw StorageError(.corruptData, message: error.message, underlying: error)
        }
    }
}
