import FoundationEssentials
import PostgresClient
import SQLiteClient
import Synchronization

/// ``SQLDatabase`` over a ``SQLiteDatabase``: one writer thread (group commit under BEGIN IMMEDIATE) and optional
/// readers.
package final class SQLiteSQLDatabase: SQLDatabase {
    private let database: SQLiteDatabase

    /// The dialect: SQLite.
    package var dialect: SQLDialect { .sqlite }

    /// Opens the file at `path` (created if missing) with `readerCount` read-only connections.
    /// - Throws: ``StorageError``.
    package init(path: String, readerCount: Int = 0) async throws {
        do {
            database = try await SQLiteDatabase.open(path: path, readerCount: readerCount)
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs `body` atomically on the writer (group commit: see ``SQLiteDatabase/write(_:)``).
    package func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        do {
            return try await database.write { connection in try body(SQLiteExecutor(connection: connection)) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs `body` on a reader (or the writer when there are none).
    package func read<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        do {
            return try await database.read { connection in try body(SQLiteExecutor(connection: connection)) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs `body` on the writer outside any transaction.
    package func withoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T)
        async throws -> T
    {
        do {
            return try await database.withWriter { connection in try body(SQLiteExecutor(connection: connection)) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Closes the connections.
    package func close() async { await database.close() }

    /// Maps a ``SQLiteError`` to a ``StorageError``; other errors pass through.
    static func map(_ error: any Error) -> any Error {
        guard let error = error as? SQLiteError else { return error }
        let code: StorageError.Code =
            switch error.code {
            case .uniqueViolation: .duplicate
            case .foreignKeyViolation, .checkViolation, .notNullViolation, .constraint: .constraint
            case .triggerAbort where error.message.contains("immutable"): .immutable
            case .busy, .cantOpen, .ioError, .full, .readOnly, .closed: .unavailable
            case .corrupt: .corruptData
            default: .database
            }
        return StorageError(code, message: error.message, underlying: error)
    }
}

/// ``SQLExecutor`` over one ``SQLiteConnection``; rewrites `$n` placeholders to `?n`.
struct SQLiteExecutor: SQLExecutor {
    let connection: SQLiteConnection

    var dialect: SQLDialect { .sqlite }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [any SQLRow] {
        do {
            return try connection.query(Self.placeholders(sql), binds.map(Self.value)).map(SQLiteSQLRow.init)
        } catch { throw SQLiteSQLDatabase.map(error) }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int {
        do {
            try connection.query(Self.placeholders(sql), binds.map(Self.value))
            return connection.changes
        } catch { throw SQLiteSQLDatabase.map(error) }
    }

    func executeBatch(_ sql: String, _ rows: [[SQLValue]]) throws -> Int {
        let sql = Self.placeholders(sql)
        var changed = 0
        do {
            for binds in rows {
                try connection.query(sql, binds.map(Self.value))
                changed += connection.changes
            }
        } catch { throw SQLiteSQLDatabase.map(error) }
        return changed
    }

    func executeScript(_ sql: String) throws {
        do { try connection.execute(sql) } catch { throw SQLiteSQLDatabase.map(error) }
    }

    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws -> Int {
        try executeBatch(Self.insertStatement(into: table, columns: columns, rowCount: 1), rows)
    }

    /// Rewritten statements, by original text (the set of statements is small and fixed).
    private static let rewritten = Mutex<[String: String]>([:])

    /// `$12` → `?12` outside quotes, cached.
    static func placeholders(_ sql: String) -> String {
        if let cached = rewritten.withLock({ $0[sql] }) { return cached }
        let output = rewrite(sql)
        rewritten.withLock { cache in
            if cache.count > 4096 { cache.removeAll() }
            cache[sql] = output
        }
        return output
    }

    private static func rewrite(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count)
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            output.append(!quoted && character == "$" ? "?" : character)
        }
        return output
    }

    /// - Throws: ``StorageError`` `invalidInput` for text with a NUL (read back, C string APIs would cut it there).
    static func value(_ value: SQLValue) throws(StorageError) -> SQLiteValue {
        try value.requireNoNUL()
        return switch value {
        case .null: .null
        case .text(let text), .json(let text): .text(text)
        case .int(let int): .integer(int)
        case .bool(let bool): .integer(bool ? 1 : 0)
        case .uuid(let uuid): .text(UUIDText.format(uuid))
        case .date(let date): .integer(PostgresTimestamp.microseconds(date))
        case .bytes(let bytes): .blob(bytes)
        }
    }
}

/// ``SQLRow`` over a ``SQLiteRow``: uuids are text, instants integer microseconds, booleans 0/1.
struct SQLiteSQLRow: SQLRow {
    let row: SQLiteRow

    func string(_ index: Int) throws -> String? { try read(index, "text") { $0.text } }
    func int(_ index: Int) throws -> Int64? { try read(index, "integer") { $0.integer } }
    func bool(_ index: Int) throws -> Bool? { try read(index, "boolean") { $0.integer.map { $0 != 0 } } }
    func uuid(_ index: Int) throws -> UUID? { try read(index, "uuid") { $0.text.flatMap(UUIDText.parse) } }
    func date(_ index: Int) throws -> Date? {
        try read(index, "timestamp") { $0.integer.map(PostgresTimestamp.date(microseconds:)) }
    }
    func bytes(_ index: Int) throws -> [UInt8]? { try read(index, "blob") { $0.blob } }

    private func read<T>(_ index: Int, _ kind: String, _ convert: (SQLiteValue) -> T?) throws -> T? {
        let value = row[index]
        if value.isNull { return nil }
        guard let converted = convert(value) else {
            throw StorageError(.corruptData, message: "column \(index) is not a \(kind): \(value)")
        }
        return converted
    }
}
