package import FoundationEssentials

/// The outbox events a mutation writes in its own transaction, made from the task as stored.
package typealias OutboxEvents<Record> = @Sendable (Record) throws -> [OutboxMessage]

/// Stores tasks. Every mutation writes the outbox events `events` returns in the same transaction as the change,
/// so a crash can never keep one without the other.
///
/// ```swift
/// let created = try await tasks.create(NewTask(userID: "alice", title: "Buy milk")) { task in
///     [OutboxMessage(eventID: UUID(), topic: "task-events", partitionKey: task.userID,
///                    eventType: "com.todo.task.created.v1", payload: try encode(task))]
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

    /// Inserts a task, its recurrence rule (if any), its reminders and the outbox events `events` returns, in one
    /// transaction: all of them or none. With a `generationKey` that exists already, returns that task with its
    /// reminders and `created == false`, and writes nothing.
    /// - Throws: ``StorageError`` (`.invalidInput` when a reminder names another task or owner).
    func create(
        _ task: NewTask, rule: NewRecurrenceRule?, reminders: [NewReminder], events: @escaping OutboxEvents<TaskAggregate>
    ) async throws -> TaskAggregateCreation

    /// The task with `id` owned by `userID` with its reminders, deleted tasks included; nil if none.
    func aggregate(id: UUID, userID: String) async throws -> TaskAggregate?

    /// The reminders of each of `taskIDs` (tasks without any are absent), by trigger time.
    func reminders(of taskIDs: [UUID]) async throws -> [UUID: [ReminderRecord]]

    /// One unit of work on a task: reads it and its reminders under the task's lock, asks `change` (given that and
    /// the transaction's clock) what to write, and writes the task, the reminders and the events in one transaction.
    /// `change` may run more than once (a retried transaction), so it must only compute.
    /// - Throws: ``StorageError`` `.notFound` (also for a deleted task) or `.versionConflict` when the task is not at
    ///   `expectedVersion`; what `change` throws (nothing written).
    func modify(
        id: UUID, userID: String, expectedVersion: Int64?,
        _ change: @escaping @Sendable (TaskAggregate, Date) throws -> TaskModification
    ) async throws -> TaskAggregate
}
