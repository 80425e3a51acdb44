import Synchronization

/// Group commit for the writer connection: transactions queued while the writer is busy run together inside
/// one `BEGIN IMMEDIATE … COMMIT`, each in its own SAVEPOINT, so a failing one rolls back alone while the
/// commit (the WAL write) is paid once per group. Nobody is told "done" before the shared COMMIT succeeded.
final class SQLiteWriteGroup: Sendable {
    private struct Job: Sendable {
        /// Runs the body in a savepoint; returns how to finish once the group commits or fails.
        let run: @Sendable (SQLiteConnection) -> Outcome
        /// Fails the caller without running the body.
        let reject: @Sendable (any Error) -> Void
    }

    private struct Outcome {
        let committed: @Sendable () -> Void
        let failed: @Sendable (any Error) -> Void
    }

    private let state = Mutex<(jobs: [Job], scheduled: Bool)>(([], false))
    private let writer: SQLiteThreadConnection
    private let maximumGroup: Int

    init(writer: SQLiteThreadConnection, maximumGroup: Int = 256) {
        self.writer = writer
        self.maximumGroup = maximumGroup
    }

    /// Runs `body` in a savepoint of the next group transaction; returns after that transaction committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(
                run: { connection in
                    do {
                        try connection.run("SAVEPOINT grouped_write")
                    } catch {
                        return Outcome(
                            committed: { continuation.resume(throwing: error) }, failed: { continuation.resume(throwing: $0) })
                    }
                    do {
                        let value = try body(connection)
                        try connection.run("RELEASE grouped_write")
                        return Outcome(
                            committed: { continuation.resume(returning: value) }, failed: { continuation.resume(throwing: $0) })
                    } catch {
                        if connection.isInTransaction {
                            try? connection.run("ROLLBACK TO grouped_write")
                            try? connection.run("RELEASE grouped_write")
                        }
                        return Outcome(
                            committed: { continuation.resume(throwing: error) },
                            failed: { _ in continuation.resume(throwing: error) })
                    }
                },
                reject: { continuation.resume(throwing: $0) })
            let schedule = state.withLock { state -> Bool in
                state.jobs.append(job)
                defer { state.scheduled = true }
                return !state.scheduled
            }
            if schedule { writer.submit { [self] connection in drain(connection) } }
        }
    }

    /// Runs one group on the writer thread, then queues itself again if more writes arrived, so reads and other
    /// jobs queued on the thread meanwhile run between groups.
    private func drain(_ connection: SQLiteConnection?) {
        let jobs = state.withLock { state -> [Job] in
            let count = min(state.jobs.count, maximumGroup)
            defer { state.jobs.removeFirst(count) }
            return Array(state.jobs.prefix(count))
        }
        if jobs.isEmpty {
            // Nothing queued (cannot normally happen): fall through to clear `scheduled`.
        } else if let connection {
            run(jobs[...], on: connection)
        } else {
            for job in jobs { job.reject(SQLiteError(.closed, message: "the database is closed")) }
        }
        let more = state.withLock { state -> Bool in
            if state.jobs.isEmpty { state.scheduled = false }
            return !state.jobs.isEmpty
        }
        if more { writer.submit { [self] connection in drain(connection) } }
    }

    private func run(_ jobs: ArraySlice<Job>, on connection: SQLiteConnection) {
        do {
            try connection.run("BEGIN IMMEDIATE")
        } catch {
            for job in jobs { job.reject(error) }
            return
        }
        var pending: [Outcome] = []
        for (offset, job) in zip(jobs.indices, jobs) {
            let outcome = job.run(connection)
            guard connection.isInTransaction else {
                // SQLite rolled the whole transaction back (I/O error, disk full): the earlier jobs are undone too.
                let error = SQLiteError(.ioError, message: "SQLite rolled the group transaction back")
                for earlier in pending { earlier.failed(error) }
                outcome.failed(error)
                return run(jobs[(offset + 1)...], on: connection)
            }
            pending.append(outcome)
        }
        do {
            try connection.run("COMMIT")
            for outcome in pending { outcome.committed() }
        } catch {
            if connection.isInTransaction { try? connection.run("ROLLBACK") }
            for outcome in pending { outcome.failed(error) }
        }
    }
}
