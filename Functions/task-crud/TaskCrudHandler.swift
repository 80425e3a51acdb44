import Authentication
import Dapr
import EventRelay
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage

/// task-crud: the tasks REST API. Every mutation commits the task and its event to the outbox in one transaction,
/// then wakes the relay, which publishes to `task-events` after the commit (and on the `outbox-relay-cron` sweep).
struct TaskCrudHandler: RoutedFunction, BindingFunction {
    static let bindingName = "outbox-relay-cron"
    static let routes = Router<Self>()
        .get("/api/{user_id}/tasks", access: .public, Self.list)
        .post("/api/{user_id}/tasks", access: .public, Self.create)
        .get("/api/{user_id}/tasks/{id}", access: .public, Self.show)
        .put("/api/{user_id}/tasks/{id}", access: .public, Self.replace)
        .patch("/api/{user_id}/tasks/{id}", access: .public, Self.update)
        .delete("/api/{user_id}/tasks/{id}", access: .public, Self.delete)
        .patch("/api/{user_id}/tasks/{id}/complete", access: .public, Self.toggleCompleted)
        .binding()

    let tasks: any TaskStore
    let rules: any RecurrenceRuleStore
    let authenticator: BearerAuthenticator
    let relay: OutboxRelayWorker
    var events = TaskEvents()

    func list(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let page = try await tasks.list(TaskListParameters.filter(request, userID: try owner(request, context)))
        var json: [TaskJSON] = []
        for task in page.tasks { json.append(TaskJSON(task, rule: try await rule(of: task))) }
        return try .json(TaskPageJSON(tasks: json, nextCursor: page.nextCursor))
    }

    func create(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let user = try owner(request, context)
        let input = try request.decodeJSON(TaskInput.self)
        var new = try input.newTask(userID: user)
        var events = events
        events.rule = try await storeRule(input, into: &new)
        let created = try await tasks.create(new) { [events] in try events.created($0, traceparent: context.traceparent) }
        relay.notify()
        var response = try TaskJSON.response(created.task, rule: events.rule, status: .created)
        response.headers["Location"] = "/api/\(new.userID)/tasks/\(new.id.uuidString.lowercased())"
        return response
    }

    func show(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        guard let task = try await tasks.get(id: id, userID: user), task.status != .deleted else { throw notFound(id) }
        return try TaskJSON.response(task, rule: try await rule(of: task))
    }

    func replace(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        try await change(request, context, replacing: true)
    }

    func update(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        try await change(request, context, replacing: false)
    }

    func toggleCompleted(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        var events = events
        if let current = try await tasks.get(id: id, userID: user) { events.rule = try await rule(of: current) }
        let task = try await tasks.toggleCompleted(id: id, userID: user, expectedVersion: try IfMatch.version(request)) {
            [events] in try events.toggled($0, traceparent: context.traceparent)
        }
        relay.notify()
        return try TaskJSON.response(task, rule: events.rule)
    }

    func delete(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        _ = try await tasks.delete(id: id, userID: user, expectedVersion: try IfMatch.version(request)) { [events] in
            try events.deleted($0, traceparent: context.traceparent)
        }
        relay.notify()
        return HTTPResponse(status: .noContent)
    }

    /// The cron binding's sweep: publishes what a crashed relay left behind.
    func handle(_ event: DaprBindingEvent, context: FunctionContext) async throws {
        try await relay.relayNow()
    }

    private func change(_ request: HTTPRequest, _ context: FunctionContext, replacing: Bool) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        let input = try request.decodeJSON(TaskInput.self)
        let fields = replacing ? TaskInput.fields : input.present
        var changes = try input.changes(replacing: replacing)
        guard let current = try await tasks.get(id: id, userID: user), current.status != .deleted else { throw notFound(id) }
        var events = events
        events.rule = try await ruleAfter(input, replacing: replacing, current: current, changes: &changes)
        let task = try await tasks.update(
            id: id, userID: user, expectedVersion: try IfMatch.version(request), changes: changes
        ) { [events] in try events.updated($0, fields: fields, traceparent: context.traceparent) }
        relay.notify()
        try await retireRule(of: current, after: task)
        return try TaskJSON.response(task, rule: events.rule)
    }
}
