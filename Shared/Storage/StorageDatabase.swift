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
        if isPostgres(location) {
            return try await PostgresSQLDatabase(url: location, poolSize: poolSize)
        }
        return try await SQLiteSQLDatabase(path: location)
    }

    /// Whether `location` names PostgreSQL (a `postgres://` or `postgresql://` URL) rather than a SQLite file.
    package static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }
}
