package import FoundationEssentials
package import TodoDomain

/// What a caller supplies to create a task; the store adds status, timestamps and version.
package struct NewTask: Sendable, Hashable {
    /// The id (chosen by the caller, so events can name it before the insert).
    package var id: UUID
    /// The owner.
    package var userID: String
    /// The title.
    package var title: String
    /// The description.
    package var description: String?
    /// The priority.
    package var priority: TaskPriority
    /// The tags.
    package var tags: [String]
    /// When it is due.
    package var dueAt: Date?
    /// The IANA zone of the due time.
    package var timeZone: String?
    /// When to remind.
    package var remindAt: Date?
    /// The recurrence rule.
    package var recurrenceRuleID: UUID?
    /// A unique key for generated tasks: a second create with the same key returns the first task.
    package var generationKey: String?

    /// Makes a new task.
    package init(
        id: UUID = TimeOrderedUUID.make(), userID: String, title: String, description: String? = nil,
        priority: TaskPriority = .none,
        tags: [String] = [], dueAt: Date? = nil, timeZone: String? = nil, remindAt: Date? = nil,
        recurrenceRuleID: UUID? = nil, generationKey: String? = nil
    ) {
        self.id = id
        self.userID = userID
        self.title = title
        self.description = description
        self.priority = priority
        self.tags = tags
        self.dueAt = dueAt
        self.timeZone = timeZone
        self.remindAt = remindAt
        self.recurrenceRuleID = recurrenceRuleID
        self.generationKey = generationKey
    }
}

/// The outcome of a create: the task, and whether this call made it (false when the generation key existed).
package struct TaskCreation: Sendable, Hashable {
    /// The stored task.
    package var task: TaskRecord
    /// Whether this call inserted it (and wrote its events).
    package var created: Bool
}
