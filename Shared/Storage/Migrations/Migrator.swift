package import FoundationEssentials

/// Applies pending migrations, each once, in its own transaction, recorded in `schema_migrations`.
///
/// Safe when several processes start at once: on PostgreSQL each migration transaction first takes a
/// transaction-scoped advisory lock and re-reads what is applied; on SQLite `BEGIN IMMEDIATE` serialises
/// writers. A failing migration rolls back whole and stops the run, leaving earlier ones applied.
///
/// ```swift
/// let applied = try await Migrator(database: database).migrate()   // [1, 2, 3, 4] the first time, [] after
/// ```
package struct Migrator: Sendable {
    /// The advisory lock key the PostgreSQL migrator holds (an arbitrary constant: "todofn" in ASCII).
    package static let advisoryLockKey: Int64 = 0x746F_646F_666E

    private let database: any SQLDatabase
    private let migrations: [Migration]
    private let now: @Sendable () -> Date

    /// Makes a migrator.
    /// - Parameters:
    ///   - database: the database.
    ///   - migrations: the migrations, by default the project's for the database's dialect.
    ///   - now: the clock for `applied_at`.
    package init(
        database: any SQLDatabase, migrations: [Migration]? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.migrations = (migrations ?? Migration.all(for: database.dialect)).sorted { $0.version < $1.version }
        self.now = now
    }

    /// Applies every migration not yet recorded.
    /// - Returns: the versions this call applied, in order.
    /// - Throws: ``StorageError`` with `.migrationFailed` naming the migration; it and later ones are not applied.
    @discardableResult
    package func migrate() async throws -> [Int] {
        if await isUpToDate() { return [] }
        var applied: [Int] = []
        for migration in migrations {
            let now = now()
            let didApply = try await database.transaction { executor -> Bool in
                try Self.lock(executor)
                let done = try executor.query(
                    "SELECT 1 FROM schema_migrations WHERE version = $1", [.int(Int64(migration.version))])
                guard done.isEmpty else { return false }
                do {
                    try executor.executeScript(migration.sql)
                } catch {
                    throw StorageError(
                        .migrationFailed, message: "migration \(migration.version) (\(migration.name)) failed",
                        underlying: error)
                }
                try executor.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    [.int(Int64(migration.version)), .text(migration.name), .date(now)])
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// Whether every migration is already recorded, from one plain read: a function's every start asks, and the
    /// answer is almost always yes, so it costs one query instead of a locked write transaction per migration. Any
    /// doubt (no bookkeeping table yet, an error) answers no, and `migrate` takes the locked path.
    private func isUpToDate() async -> Bool {
        let recorded = try? await database.read { executor in
            try executor.query("SELECT version FROM schema_migrations", []).map { Int(try $0.int(0).required("version")) }
        }
        guard let recorded else { return false }
        return Set(migrations.map(\.version)).isSubset(of: Set(recorded))
    }

    /// The versions recorded as applied.
    /// - Throws: ``StorageError``.
    package func appliedVersions() async throws -> [Int] {
        try await database.transaction { executor in
            try Self.lock(executor)
            return try executor.query("SELECT version FROM schema_migrations ORDER BY version", []).map {
                Int(try $0.int(0).required("version"))
            }
        }
    }

    /// Takes the migration lock (PostgreSQL) and makes sure the bookkeeping table exists.
    private static func lock(_ executor: any SQLExecutor) throws {
        if executor.dialect == .postgres {
            _ = try executor.query("SELECT pg_advisory_xact_lock($1::int8)", [.int(advisoryLockKey)])
            try executor.executeScript(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)"
            )
        } else {
            try executor.executeScript(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"
            )
        }
    }
}
