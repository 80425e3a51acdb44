import ChatInterpreter
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Storage

/// Runs the chat's tool calls through task-crud's own routes, in process: `add_task` is `POST /api/{user}/tasks`
/// with the call's task fields as the body, `complete_task` the complete toggle (with `If-Match`, so it never
/// reopens a task completed meanwhile), `delete_task` the `DELETE`, `update_task` a `PATCH`. The caller's token goes
/// along, so the same checks, store calls and outbox events apply as for the REST API, and nothing is written twice.
struct ChatToolRunner: Sendable {
    let handler: TaskCrudHandler
    let request: HTTPRequest
    let context: FunctionContext
    let user: String
    /// The tasks the interpreter saw (their versions guard completions).
    let tasks: [TaskRecord]

    /// The task fields of a call: the REST body.
    private struct Body: Encodable {
        var title: String?
        var priority: String?
        var tags: [String]?
        var dueAt: Date?
        var timeZone: String?
        var reminders: [ChatReminder]?
        var recurrence: String?

        init(_ arguments: ChatArguments) {
            title = arguments.title
            priority = arguments.priority
            tags = arguments.tags
            dueAt = arguments.dueAt
            timeZone = arguments.timeZone
            reminders = arguments.reminders
            recurrence = arguments.recurrence
        }
    }

    /// The created or changed task, as much of it as the chat reports.
    private struct Reply: Decodable {
        var id: String
        var title: String
    }

    /// Runs each change in `calls` (lists already carry their result), filling in results; returns what to tell the
    /// user when one was refused (the calls after it are not run).
    func run(_ calls: inout [ChatToolCall]) async throws -> String? {
        for index in calls.indices where calls[index].result == nil {
            let call = calls[index]
            let response: HTTPResponse
            do {
                response = try await handler.handle(try route(call), context: context)
            } catch let error as any HTTPResponseError where error.status.code < 500 {
                calls[index].result = ChatToolResult(error: error.clientMessage)
                return "I couldn't do that: \(error.clientMessage)."
            }
            let status = Self.status(of: call)
            let reply = response.body.isEmpty ? nil : try? JSONCoding.decoder.decode(Reply.self, from: Data(response.body))
            let known = tasks.first { $0.id.uuidString.lowercased() == call.arguments.taskId }
            calls[index].result = ChatToolResult(
                taskId: reply?.id ?? call.arguments.taskId, status: status, title: reply?.title ?? known?.title)
        }
        return nil
    }

    /// What a change call did to its task: created, completed, deleted or updated.
    static func status(of call: ChatToolCall) -> String {
        [ChatToolCall.addTask: "created", ChatToolCall.completeTask: "completed", ChatToolCall.deleteTask: "deleted"][
            call.tool] ?? "updated"
    }

    /// A change call's result from its task as stored (what the route's answer shows).
    static func result(of call: ChatToolCall, task: TaskRecord) -> ChatToolResult {
        ChatToolResult(taskId: task.id.uuidString.lowercased(), status: status(of: call), title: task.title)
    }

    /// The REST request a call is.
    private func route(_ call: ChatToolCall) throws -> HTTPRequest {
        var headers = HTTPHeaders()
        headers["Authorization"] = request.headers["Authorization"]
        if let traceparent = request.headers["traceparent"] { headers["traceparent"] = traceparent }
        let base = "/api/\(user)/tasks"
        let id = call.arguments.taskId ?? ""
        switch call.tool {
        case ChatToolCall.addTask:
            headers["Content-Type"] = "application/json"
            return HTTPRequest(
                method: .post, target: base, headers: headers, body: Array(try JSONCoding.encoder.encode(Body(call.arguments))))
        case ChatToolCall.completeTask:
            if let version = tasks.first(where: { $0.id.uuidString.lowercased() == id })?.version {
                headers["If-Match"] = "\"\(version)\""
            }
            return HTTPRequest(method: .patch, target: "\(base)/\(id)/complete", headers: headers)
        case ChatToolCall.deleteTask:
            return HTTPRequest(method: .delete, target: "\(base)/\(id)", headers: headers)
        default:
            headers["Content-Type"] = "application/json"
            return HTTPRequest(
                method: .patch, target: "\(base)/\(id)", headers: headers,
                body: Array(try JSONCoding.encoder.encode(Body(call.arguments))))
        }
    }
}
