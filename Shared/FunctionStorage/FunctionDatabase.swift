package import FunctionRuntime
package import Storage

/// Opens a function's database as its configuration says and brings the schema up to date.
///
/// `DATABASE_URL` names PostgreSQL (`postgresql://…`) or a SQLite file; unset, the function uses
/// `<APP_ID>.sqlite` in its working directory (what `todofn invoke` against a lone function gets).
package enum FunctionDatabase {
    /// Opens and migrates the database.
    /// - Parameters:
    ///   - configuration: the function's configuration.
    ///   - poolSize: PostgreSQL connections.
    ///   - logger: where the applied migrations are reported.
    ///   - auditChainKey: the audit chain's HMAC key (audit-log only).
    /// - Returns: the stores over the database.
    /// - Throws: ``StorageError`` when it cannot be opened or migrated.
    package static func open(
        _ configuration: Configuration, poolSize: Int = 4, logger: Logger, auditChainKey: [UInt8]? = nil
    ) async throws -> Stores {
        let location = configuration.databaseURL ?? "\(configuration.functionName).sqlite"
        let database = try await StorageDatabase.open(location, poolSize: poolSize)
        let applied = try await Migrator(database: database).migrate()
        if !applied.isEmpty {
            logger.info("Database migrated", metadata: ["db.migrations": "\(applied)"])
        }
        return Stores(database: database, auditChainKey: auditChainKey)
    }
}
