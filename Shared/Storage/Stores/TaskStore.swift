package import FoundationEssentials

/// The outbox events a mutation writes in its own transaction, made from the task as stored.
package typealias OutboxEvents<Record> = @Sendable (Record) throws -> [OutboxMessage]

/// Stores tasks. Every mutation writes the outbox events `events` returns in the same transaction as the change,
/// so a crash can never keep one without the other.
///
/// ```swift
/// let created = try await tasks.create(NewTask(userID: "alice", title: "Buy milk")) { task in
///     [OutboxMessage(eventID: UUID(), topic: "task-events", partitionKey: task.userID,
///                    eventType: "com.todofn.task.created.v1", payload: try encode(task))]
/// }
/// ```
package protocol TaskStore: Sendable {
    /// Inserts a task (status pending, version 1). With a `generationKey` that exists already, returns that
    /// task with `created == false` and writes no events.
    /// - Throws: ``StorageError`` (`.duplicate` for an id that exists).
    func create(_ task: NewTask, events: @escaping OutboxEvents<TaskRecord>) async throws -> TaskCreation

    /// The task with `id` owned by `userID`, deleted ones included; nil if none.
    func get(id: UUID, userID: String) async throws -> TaskRecord?

    /// One page of a user's tasks, oldest first.
    /// - Throws: ``StorageError`` (`.invalidInput` for a bad cursor).
    func list(_ filter: TaskFilter) async throws -> TaskPage

    /// Applies `changes` when the stored version is `expectedVersion` (nil: any); the version grows by one.
    /// - Throws: ``StorageError`` `.notFound` (also for deleted tasks) or `.versionConflict`.
    func update(
        id: UUID, userID: String, expectedVersion: Int64?, changes: TaskChanges,
        events: @escaping OutboxEvents<TaskRecord>
    ) async throws -> TaskRecord

    /// Marks the task completed (`completed == true`) or pending again.
    /// - Throws: ``StorageError`` `.notFound` or `.versionConflict`.
    func setCompleted(
        id: UUID, userID: String, completed: Bool, expectedVersion: Int64?, events: @escaping OutboxEvents<TaskRecord>
    ) async throws -> TaskRecord

    /// Soft-deletes the task (status deleted; the row stays).
    /// - Throws: ``StorageError`` `.notFound` (also when already deleted) or `.versionConflict`.
    func delete(id: UUID, userID: String, expectedVersion: Int64?, events: @escaping OutboxEvents<TaskRecord>)
        async throws -> TaskRecord
}
