import Synchronization

/// Group commit for the writer connection: transactions queued while the writer is busy run together inside
/// one `BEGIN IMMEDIATE … COMMIT`, so the commit (the WAL write) is paid once per group. Nobody is told "done"
/// before the shared COMMIT succeeded.
///
/// A group first runs its writes bare, one after another. Should one throw, the group is rolled back and run
/// again with each write in its own SAVEPOINT, so the failing one rolls back alone. (A SAVEPOINT per write on
/// every group made SQLite copy each page a write touched into its statement journal first: about a tenth of the
/// writer's time on task creates.) A write's body may therefore run twice; it must have no effects outside
/// the database, which is what ``SQLiteDatabase/write(_:)`` asks of it.
final class SQLiteWriteGroup: Sendable {
    private struct Job: Sendable {
        /// Runs the body, in a savepoint when `isolated`; returns how to finish once the group commits or fails.
        let run: @Sendable (SQLiteConnection, _ isolated: Bool) -> Step
        /// Fails the caller without running the body.
        let reject: @Sendable (any Error) -> Void
    }

    private struct Outcome {
        let committed: @Sendable () -> Void
        let failed: @Sendable (any Error) -> Void
    }

    /// What running one job did to the group transaction.
    private enum Step {
        /// Its changes are in the transaction (or, isolated, its failure was rolled back alone).
        case ran(Outcome)
        /// It threw while not isolated: its partial changes are in the transaction, which must be rolled back.
        case threw(Outcome)
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
                run: { connection, isolated in
                    if isolated {
                        do {
                            try connection.run("SAVEPOINT grouped_write")
                        } catch {
                            return .ran(
                                Outcome(
                                    committed: { continuation.resume(throwing: error) },
                                    failed: { continuation.resume(throwing: $0) }))
                        }
                    }
                    do {
                        let value = try body(connection)
                        if isolated { try connection.run("RELEASE grouped_write") }
                        return .ran(
                            Outcome(
                                committed: { continuation.resume(returning: value) },
                                failed: { continuation.resume(throwing: $0) }))
                    } catch {
                        let outcome = Outcome(
                            committed: { continuation.resume(throwing: error) },
                            failed: { _ in continuation.resume(throwing: error) })
                        guard isolated else { return .threw(outcome) }
                        if connection.isInTransaction {
                            try? connection.run("ROLLBACK TO grouped_write")
                            try? connection.run("RELEASE grouped_write")
                        }
                        return .ran(outcome)
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
            run(jobs[...], on: connection, isolated: false)
        } else {
            for job in jobs { job.reject(SQLiteError(.closed, message: "the database is closed")) }
        }
        let more = state.withLock { state -> Bool in
            if state.jobs.isEmpty { state.scheduled = false }
            return !state.jobs.isEmpty
        }
        if more { writer.submit { [self] connection in drain(connection) } }
    }

    private func run(_ jobs: ArraySlice<Job>, on connection: SQLiteConnection, isolated: Bool) {
        do {
            try connection.run("BEGIN IMMEDIATE")
        } catch {
            for job in jobs { job.reject(error) }
            return
        }
        var pending: [Outcome] = []
        for (offset, job) in zip(jobs.indices, jobs) {
            let step = job.run(connection, isolated)
            guard connection.isInTransaction else {
                // SQLite rolled the whole transaction back (I/O error, disk full): the earlier jobs are undone too.
                let error = SQLiteError(.ioError, message: "SQLite rolled the group transaction back")
                for earlier in pending { earlier.failed(error) }
                switch step {
                case .ran(let outcome), .threw(let outcome): outcome.failed(error)
                }
                return run(jobs[(offset + 1)...], on: connection, isolated: isolated)
            }
            switch step {
            case .ran(let outcome):
                pending.append(outcome)
            case .threw(let outcome):
                try? connection.run("ROLLBACK")
                // Alone in its group, the failing write is simply over; otherwise the others must be redone.
                if jobs.count == 1 { return outcome.committed() }
                return run(jobs, on: connection, isolated: true)
            }
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
