package import FoundationEssentials

/// `TaskDeleted.v1`: a task was deleted.
package struct TaskDeleted: TodoEventPayload {
    package static let eventType = TodoEventType.taskDeleted
    package var taskId: String
    package var userId: String
    /// When it was deleted.
    package var deletedAt: Date
    /// The task's version after the deletion.
    package var version: Int
    /// Reminders still pending for the task, whose jobs (`reminder-<id>`) are now to be cancelled.
    package var reminderIds: [String]
    /// Creates the payload.
    package init(taskId: String, userId: String, deletedAt: Date, version: Int, reminderIds: [String] = []) {
        self.taskId = taskId
        self.userId = userId
        self.deletedAt = deletedAt
        self.version = version
        self.reminderIds = reminderIds
    }
}
