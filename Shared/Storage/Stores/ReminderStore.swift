package import FoundationEssentials

/// Stores reminders. Status changes are compare-and-set, so a reminder is delivered at most once even when the
/// scheduler calls twice; each mutation writes its outbox events in the same transaction.
package protocol ReminderStore: Sendable {
    /// Inserts a pending reminder.
    /// - Throws: ``StorageError`` (`.constraint` when the task does not exist, `.duplicate` for a job name).
    func create(_ reminder: NewReminder, events: @escaping OutboxEvents<ReminderRecord>) async throws -> ReminderRecord

    /// The reminder with `id`, if any.
    func get(id: UUID) async throws -> ReminderRecord?

    /// A task's reminders, by trigger time.
    func list(taskID: UUID) async throws -> [ReminderRecord]

    /// Moves the reminder to `status` if its current status is one of `from` (stamping `deliveredAt` when it
    /// becomes delivered). Returns nil, writing nothing, when it was in another status.
    /// - Throws: ``StorageError`` `.notFound`.
    func transition(
        id: UUID, from: Set<ReminderStatus>, to status: ReminderStatus, events: @escaping OutboxEvents<ReminderRecord>
    ) async throws -> ReminderRecord?

    /// Cancels every pending reminder of a task; returns the ones cancelled.
    func cancelPending(taskID: UUID, events: @escaping OutboxEvents<ReminderRecord>) async throws -> [ReminderRecord]

    /// Pending reminders due before `instant`, oldest first.
    func due(before instant: Date, limit: Int) async throws -> [ReminderRecord]
}
