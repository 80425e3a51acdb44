package import FoundationEssentials
package import TodoDomain

/// A partial update: nil leaves a field alone; for clearable fields `.some(nil)` clears it.
package struct TaskChanges: Sendable, Hashable {
    /// A new title.
    package var title: String?
    /// A new description, or `.some(nil)` to clear it.
    package var description: String??
    /// A new priority.
    package var priority: TaskPriority?
    /// New tags (replacing the old ones).
    package var tags: [String]?
    /// A new due time, or `.some(nil)` to clear it.
    package var dueAt: Date??
    /// A new IANA zone, or `.some(nil)` to clear it.
    package var timeZone: String??
    /// A new reminder time, or `.some(nil)` to clear it.
    package var remindAt: Date??
    /// A new recurrence rule, or `.some(nil)` to clear it.
    package var recurrenceRuleID: UUID??

    /// Makes a change set.
    package init(
        title: String? = nil, description: String?? = nil, priority: TaskPriority? = nil, tags: [String]? = nil,
        dueAt: Date?? = nil, timeZone: String?? = nil, remindAt: Date?? = nil, recurrenceRuleID: UUID?? = nil
    ) {
        self.title = title
        self.description = description
        self.priority = priority
        self.tags = tags
        self.dueAt = dueAt
        self.timeZone = timeZone
        self.remindAt = remindAt
        self.recurrenceRuleID = recurrenceRuleID
    }

    /// `task` with these changes applied (status, timestamps and version untouched).
    package func applied(to task: TaskRecord) -> TaskRecord {
        var task = task
        if let title { task.title = title }
        if let description { task.description = description }
        if let priority { task.priority = priority }
        if let tags { task.tags = tags }
        if let dueAt { task.dueAt = dueAt }
        if let timeZone { task.timeZone = timeZone }
        if let remindAt { task.remindAt = remindAt }
        if let recurrenceRuleID { task.recurrenceRuleID = recurrenceRuleID }
        return task
    }
}
