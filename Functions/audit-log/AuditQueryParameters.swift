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
        query.from = try request.queryDate("from")
        query.to = try request.queryDate("to")
        if let cursor = request.queryValue("cursor") {
            guard let sequence = Int64(cursor), sequence >= 0 else {
                throw HTTPError(.badRequest, message: "cursor must be the nextCursor of a previous page")
            }
            query.afterSequence = sequence
        }
        query.limit = try request.queryInteger("limit", in: 1...1000) ?? query.limit
        return query
    }
}
