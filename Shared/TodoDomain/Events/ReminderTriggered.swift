package import FoundationEssentials

/// `ReminderTriggered.v1`: the job fired and the reminder was still pending.
package struct ReminderTriggered: TodoEventPayload {
    package static let eventType = TodoEventType.reminderTriggered
    /// The reminder id.
    package var reminderId: String
    package var taskId: String
    package var userId: String
    /// The task title, for the notification.
    package var title: String
    /// When the reminder was due to fire.
    package var remindAt: Date
    /// When it actually fired.
    package var triggeredAt: Date
    /// The task's due date, if any.
    package var dueAt: Date?
    /// How late it fired (`triggeredAt` − `remindAt`, whole milliseconds, ≥ 0): a job that fired late (the function
    /// was at zero, the runtime was down) says so; absent in events from before it was added.
    package var latenessMs: Int?
    /// Creates the payload.
    package init(
        reminderId: String, taskId: String, userId: String, title: String, remindAt: Date, triggeredAt: Date,
        dueAt: Date? = nil, latenessMs: Int? = nil
    ) {
        self.latenessMs = latenessMs
        self.reminderId = reminderId
        self.taskId = taskId
        self.userId = userId
        self.title = title
        self.remindAt = remindAt
        self.triggeredAt = triggeredAt
        self.dueAt = dueAt
    }
}
