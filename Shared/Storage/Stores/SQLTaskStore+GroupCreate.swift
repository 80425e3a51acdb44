import FoundationEssentials

/// One create waiting for its group commit: the task as it will be stored, its binds and its one event.
struct GroupedCreate: Sendable {
    let task: TaskRecord
    let binds: [SQLValue]
    let message: OutboxMessage
}

/// Group commit of PostgreSQL's one-event creates (issue 13).
///
/// Creates that arrive while every runner is busy share one statement: their tasks and outbox rows go in one
/// data-modifying CTE, autocommitted, so a batch costs one round trip, one executor start and one WAL flush instead
/// of one each per create. Each caller is answered only after that commit. Outbox rows get their sequence in arrival
/// order, so a user's events keep the order of their creates. A generation-key conflict skips that task and its
/// event (the stored task is returned, `created == false`), as in the one-statement create. When the batch statement
/// fails (an id that exists, a constraint, a lost connection), every create in it runs again alone through
/// ``createInOneStatement(_:binds:message:)``, which also recognises a create the failed batch did commit: one bad
/// create never fails the others.
extension SQLTaskStore {
    /// The most creates in one statement (24 binds each).
    static let maximumGroup = 32

    /// The group commit for `database`: nil unless PostgreSQL. Half the pool's connections run batches (at least
    /// one), so reads and the relay still find a connection.
    static func createGroup(database: any SQLDatabase, now: @escaping @Sendable () -> Date)
        -> GroupCommit<GroupedCreate, TaskCreation>?
    {
        guard let postgres = database as? PostgresSQLDatabase else { return nil }
        let store = SQLTaskStore(database: database, now: now, grouped: false)
        return GroupCommit(runners: max(1, postgres.connectionCount / 2), maximumBatch: maximumGroup) { batch in
            await store.createGroup(batch)
        }
    }

    /// Runs one batch: a lone create as before; several in one statement, or one by one when that fails.
    func createGroup(_ batch: [GroupedCreate]) async -> [Result<TaskCreation, any Error>] {
        if batch.count > 1, let created = try? await createInOneStatement(batch) { return created.map { .success($0) } }
        var results: [Result<TaskCreation, any Error>] = []
        for create in batch {
            do {
                results.append(
                    .success(try await createInOneStatement(create.task, binds: create.binds, message: create.message)))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// Inserts the batch's tasks and events in one autocommitted statement.
    /// - Returns: one creation per create, in order.
    /// - Throws: ``StorageError``; nothing is known to be stored then (the caller runs each create again alone).
    private func createInOneStatement(_ batch: [GroupedCreate]) async throws -> [TaskCreation] {
        let sql = Self.groupInserts[batch.count]
        let binds = batch.flatMap { $0.binds + OutboxWriter.row($0.message, createdAt: $0.task.createdAt) }
        return try await database.withoutTransaction { executor in
            let stored = Set(try executor.query(sql, binds).map { try $0.uuid(0).required("event_id") })
            return try batch.map { create in
                if stored.contains(create.message.eventID) { return TaskCreation(task: create.task, created: true) }
                let existing = try executor.query(
                    "SELECT \(Self.columns) FROM tasks WHERE generation_key = $1",
                    [.optional(create.task.generationKey, SQLValue.text)])
                return TaskCreation(task: try Self.task(try existing.first.required("generation_key")), created: false)
            }
        }
    }

    /// The batch statements by size (index 0 and 1 unused), built once.
    static let groupInserts: [String] = (0...maximumGroup).map { $0 < 2 ? "" : groupInsert($0) }

    /// `count` tasks and their outbox rows: ``insert``'s 18 binds then the outbox row's 6, per create. An event
    /// is inserted only when its task was (the join on the inserted ids), in the batch's order.
    static func groupInsert(_ count: Int) -> String {
        var tasks: [String] = []
        var events: [String] = []
        for index in 0..<count {
            let base = index * 24
            tasks.append("(" + (1...18).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
            events.append(
                "($\(base + 19)::uuid, $\(base + 20)::text, $\(base + 21)::text, $\(base + 22)::text, "
                    + "$\(base + 23)::bytea, $\(base + 24)::timestamptz, $\(base + 1)::uuid, \(index))")
        }
        return """
            WITH task AS (
                INSERT INTO tasks (\(columns), title_folded, description_folded) VALUES \(tasks.joined(separator: ", "))
                ON CONFLICT (generation_key) WHERE generation_key IS NOT NULL DO NOTHING RETURNING id)
            INSERT INTO outbox (\(OutboxWriter.columnList))
            SELECT e.event_id, e.topic, e.partition_key, e.event_type, e.payload, e.created_at
            FROM (VALUES \(events.joined(separator: ", ")))
                AS e (event_id, topic, partition_key, event_type, payload, created_at, task_id, position)
            JOIN task ON task.id = e.task_id ORDER BY e.position
            RETURNING event_id
            """
    }
}
