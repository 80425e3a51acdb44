import Synchronization

/// A fixed set of PostgreSQL connections, each owned by its own worker thread.
///
/// Work is a synchronous closure over a ``PostgresConnection``; it runs on the leased connection's thread, so
/// blocking libpq calls never occupy the cooperative pool. A connection found broken is replaced before its
/// next use.
///
/// ```swift
/// let pool = try await PostgresPool.connect(url: url, size: 8)
/// let count = try await pool.withConnection { try $0.query("SELECT count(*) FROM tasks").rows[0].decode(Int.self, at: 0) }
/// await pool.close()
/// ```
package final class PostgresPool: Sendable {
    private let workers: [PostgresPoolWorker]
    private let state = Mutex<State>(State())

    private struct State {
        var idle: [Int] = []
        var waiters: [CheckedContinuation<Int?, Never>] = []
        /// How many of the first `waiters` are priority callers.
        var priorityWaiters = 0
        var closed = false
    }

    /// The number of connections.
    package var size: Int { workers.count }

    /// How many callers are waiting for a connection now.
    package var waiting: Int { state.withLock { $0.waiters.count } }

    private init(workers: [PostgresPoolWorker]) {
        self.workers = workers
        state.withLock { $0.idle = Array(workers.indices.reversed()) }
    }

    /// Opens `size` connections, each on its own thread.
    /// - Parameters:
    ///   - url: a libpq connection URL.
    ///   - size: how many connections (at least 1).
    /// - Returns: the pool.
    /// - Throws: ``PostgresError`` when any connection fails (the others are closed).
    package static func connect(url: String, size: Int) async throws -> PostgresPool {
        var workers: [PostgresPoolWorker] = []
        do {
            for _ in 0..<max(size, 1) {
                let worker = try PostgresPoolWorker(url: url)
                workers.append(worker)
                try await worker.open()
            }
        } catch {
            for worker in workers { await worker.shutdown() }
            throw error
        }
        return PostgresPool(workers: workers)
    }

    /// Leases a connection, runs `body` on its thread, and returns the connection to the pool.
    /// - Parameters:
    ///   - priority: true to go ahead of the callers already waiting for a connection (after other priority
    ///     callers), for short background work that must not wait behind a queue of requests.
    ///   - body: synchronous work on the connection (no awaits inside).
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, or ``PostgresError`` (`.closed`, `.connectionFailure` on reconnect).
    package func withConnection<T: Sendable>(
        priority: Bool = false, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        guard let index = await lease(priority: priority) else { throw PostgresError(.closed, message: "the pool is closed") }
        defer { release(index) }
        return try await workers[index].run(body)
    }

    /// Runs `body` in a transaction on a leased connection; see ``PostgresConnection/withTransaction(isolation:_:)``.
    package func withTransaction<T: Sendable>(
        isolation: PostgresIsolation = .readCommitted, priority: Bool = false,
        _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        try await withConnection(priority: priority) { connection in try connection.withTransaction(isolation: isolation, body) }
    }

    /// Waits for leased connections to come back, then closes every connection and stops the threads.
    package func close() async {
        for _ in workers.indices { _ = await lease() }
        let waiters = state.withLock { state -> [CheckedContinuation<Int?, Never>] in
            state.closed = true
            defer {
                state.waiters = []
                state.priorityWaiters = 0
            }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for worker in workers { await worker.shutdown() }
    }

    private func lease(priority: Bool = false) async -> Int? {
        await withCheckedContinuation { continuation in
            let ready: Int?? = state.withLock { state in
                if state.closed { return .some(nil) }
                if let index = state.idle.popLast() { return .some(index) }
                if priority {
                    state.waiters.insert(continuation, at: state.priorityWaiters)
                    state.priorityWaiters += 1
                } else {
                    state.waiters.append(continuation)
                }
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func release(_ index: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Int?, Never>? in
            if !state.waiters.isEmpty {
                state.priorityWaiters = max(0, state.priorityWaiters - 1)
                return state.waiters.removeFirst()
            }
            state.idle.append(index)
            return nil
        }
        waiter?.resume(returning: index)
    }
}
