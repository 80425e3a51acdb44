package import FoundationEssentials

/// `ReminderDelivered.v1`: the reminder reached the user (marked delivered once).
package struct ReminderDelivered: TodoEventPayload {
    package static let eventType = TodoEventType.reminderDelivered
    /// The reminder id.
    package var reminderId: String
    package var taskId: String
    package var userId: String
    /// When it was delivered.
    package var deliveredAt: Date
    /// How it was delivered, e.g. `websocket`.
    package var channel: String
    /// The delivery attempt that succeeded, from 1.
    package var attempt: Int
    /// Creates the payload.
    package init(
        reminderId: String, taskId: String, userId: String, deliveredAt: Date, channel: String, attempt: Int = 1
    ) {
        self.reminderId = reminderId
        self.taskId = taskId
        self.userId = userId
        self.deliveredAt = deliveredAt
        self.channel = channel
        self.attempt = attempt
    }
}
