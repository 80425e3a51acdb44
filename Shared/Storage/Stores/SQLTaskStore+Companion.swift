import FoundationEssentials

extension SQLTaskStore {
    /// ``TaskStore/create(_:events:)`` with a ``TaskChangeCompanion``: the task, its events and the companion's write
    /// in one transaction. A task without a generation key is inserted or the insert fails (its id is new), so no
    /// statement waits for an answer: on PostgreSQL the BEGIN, the inserts, the companion's write and the COMMIT go
    /// out in one pipeline (one round trip, one commit).
    func create(
        _ task: TaskRecord, binds: [SQLValue], messages: Result<[OutboxMessage], any Error>,
        companion: TaskChangeCompanion
    ) async throws -> TaskCreation {
        try await TaskChangeCompanion.committing(companion) {
            try await database.transaction { executor in
                if task.generationKey == nil {
                    try executor.enqueue(Self.insert, binds)
                } else if try executor.execute(Self.insert, binds) != 1 {
                    let existing = try executor.query(
                        "SELECT \(Self.columns) FROM tasks WHERE generation_key = $1",
                        [.optional(task.generationKey, SQLValue.text)])
                    let stored = try Self.task(try existing.first.required("generation_key"))
                    try companion.write(stored, at: task.createdAt, into: executor)
                    return TaskCreation(task: stored, created: false)
                }
                try OutboxWriter.write(try messages.get(), to: executor, createdAt: task.createdAt, queued: true)
                try companion.write(task, at: task.createdAt, into: executor)
                return TaskCreation(task: task, created: true)
            }
        }
    }
}
