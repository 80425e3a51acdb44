package import FoundationEssentials
package import TodoDomain

/// Which of a user's tasks to list, in which order, a page at a time.
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
    /// Only tasks whose title or description contains this text, compared folded (``SearchFolding``: case- and
    /// accent-insensitive).
    package var search: String?
    /// The order: by this key, ties broken by id.
    package var sort: TaskSortKey = .created
    /// Largest first (`order=desc`).
    package var descending = false
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

/// What a task list is ordered by; ties are broken by task id in the same direction, so the order is total and a
/// cursor (sort key + id of the last task) is stable under any sort.
package enum TaskSortKey: String, Sendable, Hashable, CaseIterable {
    /// The due time; tasks without one sort after every dated task ascending (before them descending).
    case due
    /// none < low < medium < high.
    case priority
    /// Creation time.
    case created
    /// Last change.
    case updated
    /// The folded title (``SearchFolding``), compared code point by code point.
    case title
}

/// One page of tasks.
package struct TaskPage: Sendable, Hashable {
    /// The tasks, in the filter's order.
    package var tasks: [TaskRecord]
    /// The cursor for the next page, nil on the last page.
    package var nextCursor: String?
}
