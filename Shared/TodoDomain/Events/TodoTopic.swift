/// A pub/sub topic of the system (fixed names, DESIGN.md).
package struct TodoTopic: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The topic name.
    package let rawValue: String
    /// Creates a topic from its name.
    package init(rawValue: String) { self.rawValue = rawValue }

    /// The Dapr pub/sub component every topic lives in.
    package static let pubsubName = "todo-pubsub"

    /// TaskCreated, TaskUpdated, TaskCompleted, TaskDeleted.
    package static let taskEvents = TodoTopic(rawValue: "task-events")
    /// ReminderScheduled, ReminderTriggered, ReminderDelivered, ReminderFailed, ReminderCancelled.
    package static let reminderEvents = TodoTopic(rawValue: "reminder-events")
    /// RecurringTaskGenerated.
    package static let recurringEvents = TodoTopic(rawValue: "recurring-events")

    package var description: String { rawValue }
}
