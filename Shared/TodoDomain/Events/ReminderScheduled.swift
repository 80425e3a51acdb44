package import FoundationEssentials

/// `ReminderScheduled.v1`: task-crud scheduled the Dapr job `reminder-<reminderId>` for `remindAt`. The same
/// reminder is scheduled again, with `previousRemindAt` set, when its trigger time moves (a reminder relative to the
/// due time whose task's due time changed): the consumer replaces the job (Dapr's `overwrite`).
package struct ReminderScheduled: TodoEventPayload {
    package static let eventType = TodoEventType.reminderScheduled
    /// The reminder id.
    package var reminderId: String
    package var taskId: String
    package var userId: String
    /// The task title, for the notification.
    package var title: String
    /// When the reminder fires.
    package var remindAt: Date
    /// The task's due date, if any.
    package var dueAt: Date?
    /// The Dapr job name, `reminder-<reminderId>`.
    package var jobName: String
    /// Set when this reschedules the reminder: the trigger time it had before.
    package var previousRemindAt: Date?
    /// Creates the payload; the job name follows the fixed `reminder-<id>` scheme.
    package init(
        reminderId: String, taskId: String, userId: String, title: String, remindAt: Date, dueAt: Date? = nil,
        previousRemindAt: Date? = nil
    ) {
        self.reminderId = reminderId
        self.taskId = taskId
        self.userId = userId
        self.title = title
        self.remindAt = remindAt
        self.dueAt = dueAt
        self.jobName = "reminder-\(reminderId)"
        self.previousRemindAt = previousRemindAt
    }
}
