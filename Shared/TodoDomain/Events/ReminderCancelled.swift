package import FoundationEssentials

/// `ReminderCancelled.v1`: task-crud cancelled a pending reminder on its own (the user removed it, or replaced the
/// task's reminders); reminder-fire deletes the job `reminder-<reminderId>`. A task completed or deleted does not
/// emit it: TaskCompleted and TaskDeleted name their cancelled reminders in `reminderIds`.
package struct ReminderCancelled: TodoEventPayload {
    package static let eventType = TodoEventType.reminderCancelled
    /// The reminder id.
    package var reminderId: String
    package var taskId: String
    package var userId: String
    /// When it was cancelled.
    package var cancelledAt: Date
    /// Why: `removed` (`DELETE …/reminders/{id}`) or `replaced` (a `PUT`/`PATCH` sent a new `reminders` list).
    package var reason: String
    /// The Dapr job name, `reminder-<reminderId>`.
    package var jobName: String

    /// Creates the payload; the job name follows the fixed `reminder-<id>` scheme.
    package init(reminderId: String, taskId: String, userId: String, cancelledAt: Date, reason: String) {
        self.reminderId = reminderId
        self.taskId = taskId
        self.userId = userId
        self.cancelledAt = cancelledAt
        self.reason = reason
        self.jobName = "reminder-\(reminderId)"
    }
}
