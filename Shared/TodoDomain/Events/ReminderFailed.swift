package import FoundationEssentials

/// `ReminderFailed.v1`: a delivery attempt failed.
package struct ReminderFailed: TodoEventPayload {
    package static let eventType = TodoEventType.reminderFailed
    /// The reminder id.
    package var reminderId: String
    package var taskId: String
    package var userId: String
    /// When the attempt failed.
    package var failedAt: Date
    /// Why, e.g. `no open connection`.
    package var reason: String
    /// The failed attempt, from 1.
    package var attempt: Int
    /// Whether another attempt will follow.
    package var willRetry: Bool
    /// Creates the payload.
    package init(
        reminderId: String, taskId: String, userId: String, failedAt: Date, reason: String, attempt: Int,
        willRetry: Bool
    ) {
        self.reminderId = reminderId
        self.taskId = taskId
        self.userId = userId
        self.failedAt = failedAt
        self.reason = reason
        self.attempt = attempt
        self.willRetry = willRetry
    }
}
