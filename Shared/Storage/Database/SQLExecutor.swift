/// Runs statements inside one open transaction; handed to the closures of ``SQLDatabase``.
///
/// SQL uses PostgreSQL's `$1, $2, …` placeholders on both backends (SQLite's adapter rewrites them to `?1, ?2`).
package protocol SQLExecutor {
    /// Which SQL dialect the backend speaks, for the few statements that differ.
    var dialect: SQLDialect { get }

    /// Runs a statement and returns its rows.
    /// - Throws: ``StorageError``.
    func query(_ sql: String, _ binds: [SQLValue]) throws -> [any SQLRow]

    /// Runs a statement and returns the number of rows it changed.
    /// - Throws: ``StorageError``.
    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int

    /// Runs a write whose result nobody reads. On PostgreSQL, inside a transaction, it is queued and sent in one
    /// pipeline with the next statement whose result is read, or with the COMMIT (no round trip of its own); its
    /// error is thrown there and rolls the transaction back. On SQLite it runs at once.
    /// - Throws: ``StorageError``.
    func enqueue(_ sql: String, _ binds: [SQLValue]) throws

    /// Runs one statement once per bind list (PostgreSQL: libpq pipeline mode); returns the rows changed.
    /// - Throws: ``StorageError``; the surrounding transaction is then rolled back.
    @discardableResult
    func executeBatch(_ sql: String, _ rows: [[SQLValue]]) throws -> Int

    /// Inserts `rows` into `table` (PostgreSQL: multi-row INSERT statements of up to 100 rows, pipelined; SQLite:
    /// one prepared single-row INSERT per row); returns the rows inserted.
    /// - Throws: ``StorageError``; the surrounding transaction is then rolled back.
    @discardableResult
    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws -> Int

    /// Runs a script of statements without parameters (migrations).
    /// - Throws: ``StorageError``.
    func executeScript(_ sql: String) throws
}

extension SQLExecutor {
    /// The default: runs the statement at once.
    package func enqueue(_ sql: String, _ binds: [SQLValue]) throws { try execute(sql, binds) }

    /// ``insertRows(into:columns:rows:)`` with each statement queued (``enqueue(_:_:)``): on PostgreSQL the rows go
    /// out with the next statement read or the COMMIT, as multi-row INSERTs of up to 100 rows (full statements, then
    /// single rows, so two statement shapes); on SQLite they are inserted at once.
    /// - Throws: ``StorageError``.
    package func enqueueRows(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard dialect == .postgres else {
            try insertRows(into: table, columns: columns, rows: rows)
            return
        }
        let perStatement = max(1, min(100, 30_000 / max(columns.count, 1)))
        let full = Self.insertStatement(into: table, columns: columns, rowCount: perStatement)
        let single = Self.insertStatement(into: table, columns: columns, rowCount: 1)
        var start = 0
        while start < rows.count {
            let size = rows.count - start >= perStatement ? perStatement : 1
            try enqueue(size == 1 ? single : full, Array(rows[start..<start + size].joined()))
            start += size
        }
    }

    /// `INSERT INTO table (columns) VALUES ($1, …), ($n, …)` for `rowCount` rows.
    package static func insertStatement(into table: String, columns: [String], rowCount: Int) -> String {
        var sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var parameter = 0
        for row in 0..<rowCount {
            if row > 0 { sql += ", " }
            sql += "("
            for column in columns.indices {
                parameter += 1
                sql += column == 0 ? "$\(parameter)" : ", $\(parameter)"
            }
            sql += ")"
        }
        return sql
    }
}

/// The SQL dialect of a backend.
package struct SQLDialect: Hashable, Sendable, CustomStringConvertible {
    private let name: String

    /// PostgreSQL 15.
    package static let postgres = SQLDialect(name: "postgres")
    /// SQLite 3.40 (RETURNING, upsert, json functions).
    package static let sqlite = SQLDialect(name: "sqlite")

    /// The dialect's name.
    package var description: String { name }
}
