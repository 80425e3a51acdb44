import WorkerThreads

/// One pooled connection and the thread that owns it; the connection is touched only on that thread.
final class PostgresPoolWorker: @unchecked Sendable {
    // `@unchecked`: `connection` is read and written only by jobs on `thread`, which run one at a time.
    private let thread: WorkerThread
    private let url: String
    private var connection: PostgresConnection?

    init(url: String) throws(PostgresError) {
        self.url = url
        do {
            self.thread = try WorkerThread(name: "postgres")
        } catch {
            throw PostgresError(.resourceExhausted, message: error.description)
        }
    }

    /// Connects now, so a bad URL fails at pool creation.
    func open() async throws {
        try await thread.run { [self] in _ = try self.current() }
    }

    /// Runs `body` with the connection, reconnecting first if the previous one broke.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await thread.run { [self] in
            let connection = try self.current()
            do {
                return try body(connection)
            } catch {
                // A transaction left open by a body that threw outside withTransaction must not leak into the next lease.
                if connection.isHealthy, connection.isInTransaction { try? connection.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Closes the connection on its thread and ends the thread.
    func shutdown() async {
        _ = try? await thread.run { [self] in self.connection = nil }
        thread.stop()
    }

    private func current() throws -> PostgresConnection {
        if let connection, connection.isHealthy { return connection }
        connection = nil
        let fresh = try PostgresConnection(url: url)
        connection = fresh
        return fresh
    }
}
