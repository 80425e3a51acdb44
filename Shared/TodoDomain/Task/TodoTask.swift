package import FoundationEssentials

/// A task as the events and the stores carry it: a plain snapshot, with no behaviour.
package struct TodoTask: Codable, Sendable, Hashable {
    /// The task id (a UUID string).
    package var id: String
    /// The owner; also the pub/sub partition key of every event about the task.
    package var userId: String
    /// The title, 1–200 characters.
    package var title: String
    /// Free text, up to 1000 characters.
    package var description: String?
    /// pending, completed or deleted.
    package var status: TaskStatus
    /// none, low, medium or high.
    package var priority: TaskPriority
    /// Labels such as `work` or `home`.
    package var tags: [String]
    /// When the task is due, if it has a due date.
    package var dueAt: Date?
    /// The IANA zone the due date and the recurrence are reckoned in, e.g. `Europe/Berlin`.
    package var timeZone: String?
    /// The series this task belongs to, if it recurs.
    package var recurrence: TaskRecurrence?
    /// When the task was created.
    package var createdAt: Date
    /// When the task last changed.
    package var updatedAt: Date
    /// Increases by one on every change (optimistic concurrency, event ordering).
    package var version: Int

    /// Creates a task snapshot.
    package init(
        id: String, userId: String, title: String, description: String? = nil, status: TaskStatus = .pending,
        priority: TaskPriority = .none, tags: [String] = [], dueAt: Date? = nil, timeZone: String? = nil,
        recurrence: TaskRecurrence? = nil, createdAt: Date, updatedAt: Date, version: Int = 1
    ) {
        self.id = id
        self.userId = userId
        self.title = title
        self.description = description
        self.status = status
        self.priority = priority
        self.tags = tags
        self.dueAt = dueAt
        self.timeZone = timeZone
        self.recurrence = recurrence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}
