package import FoundationEssentials
import TodoDomain

/// A task's life cycle with its reminders: what the REST API and the chat both call, so completing or deleting a
/// task cancels its pending reminders the same way wherever the request came from.
extension TaskStore {
    /// Flips a task between pending and completed (the REST toggle, the chat's `complete_task`), under the task's
    /// lock. Completing cancels its pending reminders; reopening leaves cancelled reminders cancelled.
    /// - Parameters:
    ///   - id: the task.
    ///   - userID: its owner.
    ///   - expectedVersion: the version the caller saw (`If-Match`), or nil for any.
    ///   - events: the outbox events for the task after the flip and the reminders it cancelled.
    /// - Returns: the task and its reminders after the flip.
    /// - Throws: ``StorageError`` `.notFound` (also for a deleted task) or `.versionConflict`.
    package func toggleCompleted(
        id: UUID, userID: String, expectedVersion: Int64?,
        events: @escaping @Sendable (TaskRecord, _ cancelled: [ReminderRecord]) throws -> [OutboxMessage]
    ) async throws -> TaskAggregate {
        try await modify(id: id, userID: userID, expectedVersion: expectedVersion) { current, now in
            var task = current.task
            let completing = task.status != .completed
            task.status = completing ? .completed : .pending
            task.completedAt = completing ? now : nil
            let cancelled = completing ? current.cancellingPendingReminders() : []
            return TaskModification(task: task, changedReminders: cancelled) { try events($0.task, cancelled) }
        }
    }

    /// Soft-deletes a task (status deleted; the row stays) and cancels its pending reminders, under the task's lock.
    /// - Parameters:
    ///   - events: the outbox events for the deleted task and the reminders it cancelled.
    /// - Returns: the task and its reminders after the deletion.
    /// - Throws: ``StorageError`` `.notFound` (also when already deleted) or `.versionConflict`.
    package func delete(
        id: UUID, userID: String, expectedVersion: Int64?,
        cancellingReminders events: @escaping @Sendable (TaskRecord, _ cancelled: [ReminderRecord]) throws -> [OutboxMessage]
    ) async throws -> TaskAggregate {
        try await modify(id: id, userID: userID, expectedVersion: expectedVersion) { current, _ in
            var task = current.task
            task.status = .deleted
            let cancelled = current.cancellingPendingReminders()
            return TaskModification(task: task, changedReminders: cancelled) { try events($0.task, cancelled) }
        }
    }
}

extension TaskAggregate {
    /// The pending reminders, each with status cancelled.
    package func cancellingPendingReminders() -> [ReminderRecord] {
        pendingReminders.map { reminder in
            var reminder = reminder
            reminder.status = .cancelled
            return reminder
        }
    }
}
