package import FoundationEssentials

/// Which of a user's tasks to list, oldest first, a page at a time.
package struct TaskFilter: Sendable, Hashable {
    /// The owner.
    package var userID: String
    /// Only this status; nil means pending and completed (not deleted).
    package var status: TaskStatus?
    /// Only this priority.
    package var priority: TaskPriority?
    /// Only tasks carrying this tag.
    package var tag: String?
    /// Only tasks due at or after this instant.
    package var dueFrom: Date?
    /// Only tasks due before this instant.
    package var dueBefore: Date?
    /// Only tasks whose title or description contains this text (case-insensitive).
    package var search: String?
    /// The page size (1…1000).
    package var limit: Int
    /// The `nextCursor` of the previous page.
    package var cursor: String?

    /// Makes a filter.
    package init(
        userID: String, status: TaskStatus? = nil, priority: TaskPriority? = nil, tag: String? = nil,
        dueFrom: Date? = nil, dueBefore: Date? = nil, search: String? = nil, limit: Int = 50, cursor: String? = nil
    ) {
        self.userID = userID
        self.status = status
        self.priority = priority
        self.tag = tag
        self.dueFrom = dueFrom
        self.dueBefore = dueBefore
        self.search = search
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of tasks.
package struct TaskPage: Sendable, Hashable {
    /// The tasks, oldest first.
    package var tasks: [TaskRecord]
    /// The cursor for the next page, nil on the last page.
    package var nextCursor: String?
}
