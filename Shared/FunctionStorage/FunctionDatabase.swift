package import FunctionRuntime
package import Storage

/// Opens a function's database as its configuration says and brings the schema up to date.
///
/// `DATABASE_URL` names PostgreSQL (`postgresql://…`) or a SQLite file; unset, the function uses
/// `<APP_ID>.sqlite` in its working directory (what `todofn invoke` against a lone function gets).
/// `DATABASE_POOL_SIZE` (1–64) overrides the number of PostgreSQL connections.
package enum FunctionDatabase {
    /// Opens and migrates the database.
    /// - Parameters:
    ///   - configuration: the function's configuration.
    ///   - poolSize: PostgreSQL connections, unless `DATABASE_POOL_SIZE` says otherwise.
    ///   - logger: where the applied migrations are reported.
    /// - Returns: the stores over the database.
    /// - Throws: ``StorageError`` when it cannot be opened or migrated.
    package static func open(_ configuration: Configuration, poolSize: Int = 4, logger: Logger) async throws -> Stores {
        let location = configuration.databaseURL ?? "\(configuration.functionName).sqlite"
        let pool = try configuration.value("DATABASE_POOL_SIZE", as: Int.self) ?? poolSize
        guard (1...64).contains(pool) else {
            throw ConfigurationError(.invalidValue, problems: ["DATABASE_POOL_SIZE: \(pool) is not 1-64"])
        }
        let database = try await StorageDatabase.open(location, poolSize: pool)
        let applied = try await Migrator(database: database).migrate()
        if !applied.isEmpty {
            logger.info("Database migrated", metadata: ["db.migrations": "\(applied)"])
        }
        return Stores(database: database)
    }
}
