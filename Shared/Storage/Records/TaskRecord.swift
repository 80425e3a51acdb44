package import FoundationEssentials
package import TodoDomain

/// A stored task, as the tasks table holds it; status and priority are TodoDomain's value types, the ones the
/// events carry.
package struct TaskRecord: Sendable, Hashable, Codable {
    /// The task id.
    package var id: UUID
    /// The owner.
    package var userID: String
    /// The title.
    package var title: String
    /// The free-text description.
    package var description: String?
    /// pending, completed or deleted.
    package var status: TaskStatus
    /// none, low, medium or high.
    package var priority: TaskPriority
    /// Tags, in the order given.
    package var tags: [String]
    /// When the task is due.
    package var dueAt: Date?
    /// The IANA time zone the due time was given in (`Europe/Paris`).
    package var timeZone: String?
    /// When to remind the user.
    package var remindAt: Date?
    /// The recurrence rule that generates this task's successors.
    package var recurrenceRuleID: UUID?
    /// The key that made this task unique when generated (recurrence: `<rule id>:<occurrence>`).
    package var generationKey: String?
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date
    /// When it was completed (nil unless status is completed).
    package var completedAt: Date?
    /// Starts at 1 and grows by one with every change (optimistic concurrency).
    package var version: Int64
}
