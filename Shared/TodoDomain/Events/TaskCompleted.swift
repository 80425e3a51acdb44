package import FoundationEssentials

/// `TaskCompleted.v1`: a task was marked done. `task.recurrence` set means the series goes on.
package struct TaskCompleted: TodoEventPayload {
    package static let eventType = TodoEventType.taskCompleted
    /// The task, status completed.
    package var task: TodoTask
    /// When it was completed.
    package var completedAt: Date
    /// Reminders still pending for the task, whose jobs (`reminder-<id>`) are now to be cancelled.
    package var reminderIds: [String]
    package var taskId: String { task.id }
    package var userId: String { task.userId }
    /// Creates the payload.
    package init(task: TodoTask, completedAt: Date, reminderIds: [String] = []) {
        self.task = task
        self.completedAt = completedAt
        self.reminderIds = reminderIds
    }
}
