import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage
import TodoDomain

/// A task as the REST API returns it (camelCase, like the events; absent optionals left out).
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
    var createdAt: Date
    var updatedAt: Date
    var completedAt: Date?
    var version: Int64

    init(_ task: TaskRecord) {
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
        createdAt = task.createdAt
        updatedAt = task.updatedAt
        completedAt = task.completedAt
        version = task.version
    }

    /// The task as a response, with its version as the `ETag` (send it back in `If-Match` to update safely).
    static func response(_ task: TaskRecord, status: HTTPStatus = .ok) throws -> HTTPResponse {
        var response = try HTTPResponse.json(TaskJSON(task), status: status)
        response.headers["ETag"] = "\"\(task.version)\""
        return response
    }
}

/// One page of tasks: `{"tasks": [...], "nextCursor": "..."}`.
struct TaskPageJSON: Encodable {
    var tasks: [TaskJSON]
    var nextCursor: String?
}

/// The list query: `status=all|pending|completed`, `priority`, `tag`, `q` (title or description contains),
/// `dueFrom`, `dueBefore` (ISO 8601), `limit` (1–1000, default 50), `cursor`, `sort=created`.
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
        filter.tag = request.queryValue("tag")
        filter.search = request.queryValue("q")
        filter.dueFrom = try request.queryDate("dueFrom")
        filter.dueBefore = try request.queryDate("dueBefore")
        filter.limit = try request.queryInteger("limit", in: 1...1000) ?? filter.limit
        filter.cursor = request.queryValue("cursor")
        if let sort = request.queryValue("sort"), sort != "created" {
            throw HTTPError(.badRequest, message: "sort supports only 'created' (oldest first) in this version")
        }
        return filter
    }
}
