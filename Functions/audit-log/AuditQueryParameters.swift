import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage
import TodoDomain

/// The audit query string: `type` (`com.todo.task.created.v1` or `TaskCreated.v1`), `user`, `from`, `to`
/// (ISO 8601, `to` exclusive), `cursor` (the previous page's `nextCursor`), `limit` (1–1000, default 100).
enum AuditQueryParameters {
    static func query(_ request: HTTPRequest) throws -> AuditQuery {
        var query = AuditQuery()
        if let type = request.queryValue("type") {
            query.type = TodoEventType.all.first { $0.description == type }?.type ?? type
        }
        query.actor = request.queryValue("user")
        query.from = try date(request, "from")
        query.to = try date(request, "to")
        if let cursor = request.queryValue("cursor") {
            guard let sequence = Int64(cursor), sequence >= 0 else {
                throw HTTPError(.badRequest, message: "cursor must be the nextCursor of a previous page")
            }
            query.afterSequence = sequence
        }
        if let limit = request.queryValue("limit") {
            guard let value = Int(limit), (1...1000).contains(value) else {
                throw HTTPError(.badRequest, message: "limit must be a whole number 1-1000")
            }
            query.limit = value
        }
        return query
    }

    private static func date(_ request: HTTPRequest, _ name: String) throws -> Date? {
        guard let text = request.queryValue(name) else { return nil }
        guard let date = JSONCoding.parseDate(text) else {
            throw HTTPError(.badRequest, message: "\(name) must be an ISO 8601 time such as 2026-01-31T09:00:00Z")
        }
        return date
    }
}
