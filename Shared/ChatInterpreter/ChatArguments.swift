package import FoundationEssentials

/// A tool call's arguments. For `add_task` and `update_task` the task fields are exactly the body task-crud's REST
/// routes take (`title`, `priority`, `tags`, `dueAt`, `timeZone`, `reminders`, `recurrence`), so running a call is
/// sending that body; `list_tasks` takes the REST list filters.
package struct ChatArguments: Codable, Sendable, Hashable {
    /// The user the call acts for.
    package var userId: String?
    /// The task a change is about.
    package var taskId: String?
    /// A title (new or changed).
    package var title: String?
    /// `none`, `low`, `medium` or `high` (for a list: only tasks of this priority).
    package var priority: String?
    /// Tags.
    package var tags: [String]?
    /// The due time.
    package var dueAt: Date?
    /// The IANA zone `dueAt` and the recurrence are reckoned in.
    package var timeZone: String?
    /// Reminders: `{"at": time}` or `{"before": "PT30M"}` each.
    package var reminders: [ChatReminder]?
    /// RFC 5545 RRULE text.
    package var recurrence: String?
    /// A list's status filter (`pending`, `completed`, or nil for both).
    package var status: String?
    /// A list's tag filter.
    package var tag: String?
    /// A list's lower due bound (inclusive).
    package var dueFrom: Date?
    /// A list's upper due bound (exclusive).
    package var dueBefore: Date?

    /// Makes arguments (every field empty).
    package init(userId: String? = nil) { self.userId = userId }

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case taskId = "task_id"
        case title, priority, tags, dueAt, timeZone, reminders, recurrence, status, tag, dueFrom, dueBefore
    }

    /// Whether any task field (what `update_task` changes) is set.
    package var changesSomething: Bool {
        title != nil || priority != nil || tags != nil || dueAt != nil || reminders != nil || recurrence != nil
    }
}

/// A reminder as task-crud takes it: at an absolute time, or an ISO 8601 duration before the due time.
package struct ChatReminder: Codable, Sendable, Hashable {
    /// An absolute time.
    package var at: Date?
    /// A duration before the due time (`PT30M`).
    package var before: String?

    /// Makes a reminder.
    package init(at: Date? = nil, before: String? = nil) {
        self.at = at
        self.before = before
    }
}
