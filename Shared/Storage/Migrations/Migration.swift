/// One schema change: applied once, inside a transaction, and recorded in `schema_migrations`.
package struct Migration: Sendable, Hashable {
    /// The order (1, 2, 3, …); never reuse or reorder a version once shipped.
    package var version: Int
    /// A short name, recorded beside the version.
    package var name: String
    /// The SQL script.
    package var sql: String

    /// Makes a migration.
    package init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The project's migrations for `dialect`, in order.
    package static func all(for dialect: SQLDialect) -> [Migration] {
        dialect == .postgres ? PostgresMigrations.all : SQLiteMigrations.all
    }
}
