import Synchronization

/// A SQLite database used from async code: one writer connection on its own thread, plus optional read-only
/// connections on theirs, so sqlite3 calls never run on the cooperative pool.
///
/// Writes are serialised by the single writer thread (and, across processes, by `BEGIN IMMEDIATE` and the busy
/// timeout); reads see the last committed state through WAL. WAL checkpoints of a file database run on a
/// connection of their own (see ``SQLiteCheckpointer``), so the writer thread only appends to the WAL.
///
/// Durability: `synchronous=NORMAL` in WAL mode. A commit has written its frames to the WAL file (the kernel's
/// page cache) before the caller is told, so it survives the process being killed (`kill -9`, a crash);
/// checkpoints `fdatasync` the WAL and the database file. A power loss or kernel crash may lose the last
/// transactions committed since the previous checkpoint, never the database's consistency.
///
/// ```swift
/// let database = try await SQLiteDatabase.open(path: ".todofn/tasks.sqlite")
/// try await database.write { try $0.query("INSERT INTO notes(body) VALUES (?1)", [.text("hi")]) }
/// await database.close()
/// ```
package final class SQLiteDatabase: Sendable {
    private let writer: SQLiteThreadConnection
    private let readers: [SQLiteThreadConnection]
    private let group: SQLiteWriteGroup
    private let checkpointer: SQLiteCheckpointer?
    private let nextReader = Atomic<Int>(0)

    /// The file path.
    package let path: String

    private init(
        path: String, writer: SQLiteThreadConnection, readers: [SQLiteThreadConnection],
        checkpointer: SQLiteCheckpointer?
    ) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.checkpointer = checkpointer
        self.group = SQLiteWriteGroup(writer: writer)
    }

    /// Opens the database at `path` with a writer and `readerCount` readers (use 0 for `:memory:`).
    /// - Parameter checkpointFrames: the WAL length (in pages) that starts a background checkpoint.
    /// - Throws: ``SQLiteError``.
    package static func open(
        path: String, readerCount: Int = 0, busyTimeoutMilliseconds: Int32 = 5000, checkpointFrames: Int = 1000
    ) async throws -> SQLiteDatabase {
        let writer = try await SQLiteThreadConnection.open(path: path, readOnly: false, busyTimeout: busyTimeoutMilliseconds)
        var readers: [SQLiteThreadConnection] = []
        var checkpointer: SQLiteCheckpointer?
        do {
            for _ in 0..<readerCount {
                readers.append(
                    try await SQLiteThreadConnection.open(path: path, readOnly: true, busyTimeout: busyTimeoutMilliseconds))
            }
            if !Self.isMemory(path) {
                let opened = SQLiteCheckpointer(path: path, busyTimeout: busyTimeoutMilliseconds, frames: checkpointFrames)
                checkpointer = opened
                try await writer.run { opened.attach(to: $0) }
            }
        } catch {
            await writer.close()
            for reader in readers { await reader.close() }
            await checkpointer?.close()
            throw error
        }
        return SQLiteDatabase(path: path, writer: writer, readers: readers, checkpointer: checkpointer)
    }

    /// Runs `body` on the writer connection, outside any transaction (use it for DDL or pragmas).
    package func withWriter<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await writer.run(body)
    }

    /// Runs `body` atomically on the writer connection, inside a `BEGIN IMMEDIATE` transaction that it may share
    /// with other writes queued at the same moment (group commit; a write that throws rolls back alone: the
    /// group is then run again with a SAVEPOINT per write, so `body` may run twice and must have no effects
    /// outside the database).
    /// - Returns: what `body` returns, once the transaction committed.
    /// - Throws: what `body` throws (after rolling it back), or ``SQLiteError``.
    package func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await group.write(body)
    }

    /// Runs `body` on a reader connection (round robin), or on the writer when there are no readers.
    package func read<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        guard !readers.isEmpty else { return try await writer.run(body) }
        let index = nextReader.add(1, ordering: .relaxed).oldValue % readers.count
        return try await readers[index].run { connection in
            try connection.run("BEGIN")
            defer { try? connection.run("COMMIT") }
            return try body(connection)
        }
    }

    /// Closes every connection on its own thread and stops the threads.
    package func close() async {
        await checkpointer?.close()
        await writer.close()
        for reader in readers { await reader.close() }
    }

    /// Whether `path` names a private in-memory database (no WAL, so nothing to checkpoint).
    private static func isMemory(_ path: String) -> Bool {
        path.isEmpty || path == ":memory:" || path.hasPrefix("file::memory:") || path.contains("mode=memory")
    }
}
