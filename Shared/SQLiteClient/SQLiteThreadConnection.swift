import WorkerThreads

/// One connection and the thread that owns it.
final class SQLiteThreadConnection: @unchecked Sendable {
    // `@unchecked`: `connection` is touched only by jobs on `thread`, which run one at a time.
    private let thread: WorkerThread
    private var connection: SQLiteConnection?

    private init(thread: WorkerThread) { self.thread = thread }

    static func open(path: String, readOnly: Bool, busyTimeout: Int32) async throws -> SQLiteThreadConnection {
        let thread: WorkerThread
        do {
            thread = try WorkerThread(name: readOnly ? "sqlite-reader" : "sqlite-writer")
        } catch {
            throw SQLiteError(.resourceExhausted, message: error.description)
        }
        let owner = SQLiteThreadConnection(thread: thread)
        do {
            try await owner.thread.run {
                owner.connection = try SQLiteConnection(path: path, readOnly: readOnly, busyTimeoutMilliseconds: busyTimeout)
            }
        } catch {
            owner.thread.stop()
            throw error
        }
        return owner
    }

    /// The connection's thread, started now, with the open queued as its first job (for a connection nobody waits
    /// for: the checkpointer's, opened when its first checkpoint is due rather than at start). A job finds the
    /// connection nil if the open failed.
    /// - Throws: ``SQLiteError`` with `.resourceExhausted` when the thread cannot be created.
    static func opening(path: String, readOnly: Bool, busyTimeout: Int32) throws(SQLiteError) -> SQLiteThreadConnection {
        let thread: WorkerThread
        do {
            thread = try WorkerThread(name: readOnly ? "sqlite-reader" : "sqlite-ckpt")
        } catch {
            throw SQLiteError(.resourceExhausted, message: error.description)
        }
        let owner = SQLiteThreadConnection(thread: thread)
        thread.submit {
            owner.connection = try? SQLiteConnection(path: path, readOnly: readOnly, busyTimeoutMilliseconds: busyTimeout)
        }
        return owner
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await thread.run { [self] in
            guard let connection else { throw SQLiteError(.closed, message: "the database is closed") }
            return try body(connection)
        }
    }

    /// Enqueues `job` on the thread; it receives the connection, or nil once closed.
    func submit(_ job: @escaping @Sendable (SQLiteConnection?) -> Void) {
        thread.submit { [self] in job(connection) }
    }

    func close() async {
        _ = try? await thread.run { [self] in connection = nil }
        thread.stop()
    }
}
