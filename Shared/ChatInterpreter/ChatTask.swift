package import FoundationEssentials
package import TodoDomain

/// A task as the chat sees it: enough to find it by title, list it and say what happened to it.
package struct ChatTask: Sendable, Hashable {
    /// The task id (lowercase UUID text).
    package var id: String
    /// The title.
    package var title: String
    /// pending or completed (deleted tasks are never shown to the chat).
    package var status: TaskStatus
    /// The priority.
    package var priority: TaskPriority
    /// The tags.
    package var tags: [String]
    /// The due time, if any.
    package var dueAt: Date?

    /// Makes a task snapshot.
    package init(
        id: String, title: String, status: TaskStatus = .pending, priority: TaskPriority = .none, tags: [String] = [],
        dueAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.priority = priority
        self.tags = tags
        self.dueAt = dueAt
    }
}
