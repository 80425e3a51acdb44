/// A database that runs units of work as transactions on its own threads.
///
/// Closures are synchronous and run on a connection's dedicated thread, never on the cooperative pool. On
/// PostgreSQL a transaction that fails with a serialization failure, a deadlock or a lost connection is run
/// again from the start, so the closure must not have effects outside the database.
///
/// ```swift
/// let database = try await StorageDatabase.sqlite(path: "tasks.sqlite")
/// let count = try await database.transaction { try $0.query("SELECT count(*) FROM tasks", [])[0].int(0) }
/// ```
package protocol SQLDatabase: Sendable {
    /// The backend's SQL dialect.
    var dialect: SQLDialect { get }

    /// Runs `body` atomically in a read-write transaction (PostgreSQL: READ COMMITTED; SQLite: part of a
    /// `BEGIN IMMEDIATE` transaction that writes queued at the same moment share, committed before this returns;
    /// when one of them throws, the group is run again with each in a SAVEPOINT, so `body` may run twice).
    /// - Returns: what `body` returns, after COMMIT.
    /// - Throws: what `body` throws (after ROLLBACK), or ``StorageError``.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T

    /// Runs `body` as ``transaction(_:)`` does, but ahead of the work already waiting for a connection: for short
    /// background work that must keep pace with the requests (the outbox relay's claims and marks), which would
    /// otherwise wait behind every request queued on the pool (issue 11). Backends without a queue (SQLite's
    /// group commit) run it as ``transaction(_:)``.
    /// - Returns: what `body` returns, after COMMIT.
    /// - Throws: what `body` throws (after ROLLBACK), or ``StorageError``.
    func priorityTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T

    /// Runs `body` for reading only (it may share the writer on SQLite without readers).
    /// - Throws: what `body` throws, or ``StorageError``.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T

    /// Runs `body` outside any transaction (migrations manage their own).
    /// - Throws: what `body` throws, or ``StorageError``.
    func withoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T

    /// Closes every connection and stops the threads.
    func close() async
}

extension SQLDatabase {
    /// The default: an ordinary ``transaction(_:)``.
    package func priorityTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T)
        async throws -> T
    { try await transaction(body) }
}
