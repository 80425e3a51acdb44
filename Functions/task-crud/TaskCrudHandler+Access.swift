import Authentication
import FoundationEssentials
import FunctionRuntime
import HTTPTypes

/// Who may touch which task: the path's user must be the token's, and a task id is looked up only under it.
extension TaskCrudHandler {
    /// The path's user, checked against the token (401 without a valid one, 403 for another user's path).
    func owner(_ request: HTTPRequest, _ context: FunctionContext) throws -> String {
        let user = try context.parameters.require("user_id")
        try authenticator.authenticate(request).requireOwner(of: user)
        return user
    }

    func target(_ request: HTTPRequest, _ context: FunctionContext) throws -> (String, UUID) {
        let user = try owner(request, context)
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw notFound(nil) }
        return (user, id)
    }

    func notFound(_ id: UUID?) -> HTTPError {
        HTTPError(.notFound, message: id.map { "no task \($0.uuidString.lowercased())" } ?? "no such task")
    }
}
