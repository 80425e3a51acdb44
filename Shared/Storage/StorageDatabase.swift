/// Opens the database the configuration names: PostgreSQL for a `postgres://` or `postgresql://` URL,
/// otherwise a SQLite file path.
package enum StorageDatabase {
    /// Opens `location`.
    /// - Parameters:
    ///   - location: a PostgreSQL URL or a SQLite file path.
    ///   - poolSize: PostgreSQL connections (ignored for SQLite).
    /// - Returns: the database.
    /// - Throws: ``StorageError``.
    package static func open(_ location: String, poolSize: Int = 4) async throws -> any SQLDatabase {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await PostgresSQLDatabase(url: location, poolSize: poolSize)
        }
        return try await SQLiteSQLDatabase(path: location)
    }
}
