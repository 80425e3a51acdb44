import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Storage
import TodoDomain

/// A task as the REST API returns it (camelCase, like the events; absent optionals left out), with its reminders
/// (every status, by trigger time).
struct TaskJSON: Encodable {
    var id: String
    var userId: String
    var title: String
    var description: String?
    var status: String
    var completed: Bool
    var priority: String
    var tags: [String]
    var dueAt: Date?
    var timeZone: String?
    var recurrence: RecurrenceJSON?
    var createdAt: Date
    var updatedAt: Date
    var completedAt: Date?
    var version: Int64
    var reminders: [ReminderJSON]

    init(_ task: TaskRecord, reminders: [ReminderRecord] = [], rule: RecurrenceRuleRecord? = nil) {
        id = task.id.uuidString.lowercased()
        userId = task.userID
        title = task.title
        description = task.description
        status = task.status.rawValue
        completed = task.status == .completed
        priority = task.priority.rawValue
        tags = task.tags
        dueAt = task.dueAt
        timeZone = task.timeZone
        recurrence = rule.flatMap { task.recurrenceRuleID == $0.id ? RecurrenceJSON($0, task: task) : nil }
        createdAt = task.createdAt
        updatedAt = task.updatedAt
        completedAt = task.completedAt
        version = task.version
        self.reminders = reminders.map(ReminderJSON.init)
    }

    init(_ aggregate: TaskAggregate, rule: RecurrenceRuleRecord? = nil) {
        self.init(aggregate.task, reminders: aggregate.reminders, rule: rule)
    }

    /// The task as a response, with its version as the `ETag` (send it back in `If-Match` to update safely).
    static func response(_ aggregate: TaskAggregate, rule: RecurrenceRuleRecord? = nil, status: HTTPStatus = .ok) throws
        -> HTTPResponse
    {
        var response = try HTTPResponse.json(TaskJSON(aggregate, rule: rule), status: status)
        response.headers["ETag"] = "\"\(aggregate.task.version)\""
        return response
    }
}

/// One page of tasks: `{"tasks": [...], "nextCursor": "..."}`.
struct TaskPageJSON: Encodable {
    var tasks: [TaskJSON]
    var nextCursor: String?
}

/// The list query: `status=all|pending|completed`, `priority`, `tag`, `q` (title or description contains it, case-
/// and accent-insensitively: ``SearchFolding``), `dueFrom`, `dueBefore` (ISO 8601), `limit` (1–1000, default 50),
/// `cursor` (the previous page's `nextCursor`, valid only with the same sort and order),
/// `sort=due|priority|created|updated|title` (default created) and `order=asc|desc` (default: desc for priority
/// and updated, asc otherwise). Ties are broken by task id; tasks without a due date come last under `sort=due`
/// ascending (first descending).
enum TaskListParameters {
    static func filter(_ request: HTTPRequest, userID: String) throws -> TaskFilter {
        var filter = TaskFilter(userID: userID)
        switch request.queryValue("status") ?? "all" {
        case "all": filter.status = nil
        case "pending": filter.status = .pending
        case "completed": filter.status = .completed
        default: throw HTTPError(.badRequest, message: "status must be all, pending or completed")
        }
        if let priority = request.queryValue("priority") {
            guard ["none", "low", "medium", "high"].contains(priority) else {
                throw HTTPError(.badRequest, message: "priority must be none, low, medium or high")
            }
            filter.priority = TaskPriority(rawValue: priority)
        }
        filter.tag = try request.queryValue("tag").map { try TaskText.checked($0, "tag") }
        filter.search = try request.queryValue("q").map { try TaskText.checked($0, "q") }
        if let search = filter.search, search.count > 200 {
            throw HTTPError(.badRequest, message: "q is longer than 200 characters")
        }
        filter.dueFrom = try request.queryDate("dueFrom")
        filter.dueBefore = try request.queryDate("dueBefore")
        filter.limit = try request.queryInteger("limit", in: 1...1000) ?? filter.limit
        filter.cursor = request.queryValue("cursor")
        if let sort = request.queryValue("sort") {
            guard let key = TaskSortKey(rawValue: sort) else {
                throw HTTPError(.badRequest, message: "sort must be one of due, priority, created, updated, title")
            }
            filter.sort = key
        }
        switch request.queryValue("order") {
        case nil: filter.descending = filter.sort == .priority || filter.sort == .updated
        case "asc": filter.descending = false
        case "desc": filter.descending = true
        default: throw HTTPError(.badRequest, message: "order must be asc or desc")
        }
        return filter
    }
}
