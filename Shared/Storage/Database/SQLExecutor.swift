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
