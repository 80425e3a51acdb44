import FoundationEssentials
import PostgresClient

extension SQLTaskStore {
    /// The task and its outbox row in one statement: a data-modifying CTE, atomic in autocommit mode.
    ///
    /// On PostgreSQL a create then costs one round trip instead of three (BEGIN with the task insert, the outbox
    /// insert, COMMIT). A generation-key conflict inserts neither row, so the statement affects no row.
    static let insertWithOutboxRow = """
        WITH task AS (\(insert) RETURNING id)
        INSERT INTO outbox (\(OutboxWriter.columnList))
        SELECT $19::uuid, $20::text, $21::text, $22::text, $23::bytea, $24::timestamptz FROM task
        """

    /// ``TaskStore/create`` for the common shape on PostgreSQL: one event, one statement.
    ///
    /// Retried whole on a lost connection, like a transaction. The statement may have committed before the
    /// connection broke; the retry then collides with its own rows, so a duplicate
    /// where both this call's task id and event id are stored means the first try succeeded.
    func createInOneStatement(_ task: TaskRecord, binds: [SQLValue], message: OutboxMessage) async throws
        -> TaskCreation
    {
        let all = binds + OutboxWriter.row(message, createdAt: task.createdAt)
        let generationKey = task.generationKey
        let eventID = message.eventID
        return try await withPostgresRetry(unwrap: PostgresSQLDatabase.postgresError) {
            try await database.withoutTransaction { executor in
                do {
                    if try executor.execute(Self.insertWithOutboxRow, all) == 1 {
                        return TaskCreation(task: task, created: true)
                    }
                } catch let error as StorageError where error.code == .duplicate {
                    let ours = try executor.query(
                        "SELECT 1 FROM tasks, outbox WHERE tasks.id = $1 AND outbox.event_id = $2",
                        [.uuid(task.id), .uuid(eventID)])
                    guard !ours.isEmpty else { throw error }
                    return TaskCreation(task: task, created: true)
                }
                let existing = try executor.query(
                    "SELECT \(Self.columns) FROM tasks WHERE generation_key = $1",
                    [.optional(generationKey, SQLValue.text)])
                return TaskCreation(task: try Self.task(try existing.first.required("generation_key")), created: false)
            }
        }
    }
}
