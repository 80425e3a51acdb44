import Authentication
import DaprSubscriber
import EventRelay
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Storage
import TodoDomain

/// task-crud: the tasks REST API. Every mutation commits the task, its rule, its reminders and their events to the outbox in
/// one transaction, then wakes the relay, which publishes after the commit (and on the `outbox-relay-cron` sweep).
/// The routes live by concern in `TaskCrudHandler+<Concern>.swift`; the document of them all is `openapi.json`.
struct TaskCrudHandler: RoutedFunction, BindingFunction {
    static let bindingName = "outbox-relay-cron"
    static let routes = Router<Self>()
        .get("/api/openapi.json", access: .public, Self.openAPI)
        .get("/api/{user_id}/tasks", access: .public, Self.list)
        .post("/api/{user_id}/tasks", access: .public, Self.create)
        .get("/api/{user_id}/tasks/{id}", access: .public, Self.show)
        .put("/api/{user_id}/tasks/{id}", access: .public, Self.replace)
        .patch("/api/{user_id}/tasks/{id}", access: .public, Self.update)
        .delete("/api/{user_id}/tasks/{id}", access: .public, Self.delete)
        .patch("/api/{user_id}/tasks/{id}/complete", access: .public, Self.toggleCompleted)
        .get("/api/{user_id}/tasks/{id}/reminders", access: .public, Self.listReminders)
        .post("/api/{user_id}/tasks/{id}/reminders", access: .public, Self.addReminder)
        .delete("/api/{user_id}/tasks/{id}/reminders/{reminder_id}", access: .public, Self.removeReminder)
        .post("/api/{user_id}/chat", access: .public, Self.chat)
        .get("/api/{user_id}/settings", access: .public, Self.showSettings)
        .put("/api/{user_id}/settings", access: .public, Self.saveSettings)
        .post("/internal/tasks", access: .daprFacing, Self.createOccurrence)
        .binding()

    let tasks: any TaskStore
    let rules: any RecurrenceRuleStore
    /// Chat conversations (the chat route).
    let conversations: any ConversationStore
    /// Users' settings (the chat's default zone).
    let settings: any SettingsStore
    let authenticator: BearerAuthenticator
    let relay: OutboxRelayWorker
    var events = TaskEvents()
    /// The clock the chat reads "now" from.
    var now: @Sendable () -> Date = { Date() }

    func list(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let page = try await tasks.list(TaskListParameters.filter(request, userID: try owner(request, context)))
        let reminders = try await tasks.reminders(of: page.tasks.map(\.id))
        var json: [TaskJSON] = []
        for task in page.tasks {
            json.append(TaskJSON(task, reminders: reminders[task.id] ?? [], rule: try await rule(of: task)))
        }
        return try .json(TaskPageJSON(tasks: json, nextCursor: page.nextCursor))
    }

    func create(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let user = try owner(request, context)
        let input = try request.decodeJSON(TaskInput.self)
        var new = try input.newTask(userID: user)
        let newRule = try newRule(input, for: &new)
        let created = try await insert(new, rule: newRule, reminders: input.reminders ?? [], traceparent: context.traceparent)
        let shown = try await rule(of: created.aggregate.task)
        var response = try TaskJSON.response(created.aggregate, rule: shown, status: .created)
        response.headers["Location"] = "/api/\(new.userID)/tasks/\(new.id.uuidString.lowercased())"
        return response
    }

    func show(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        guard let task = try await tasks.aggregate(id: id, userID: user), task.task.status != .deleted else {
            throw notFound(id)
        }
        return try TaskJSON.response(task, rule: try await rule(of: task.task))
    }

    /// Inserts `new` with its rule (if any), its reminders and their events in one transaction, then wakes the
    /// relay. A task without rule and reminders takes the store's plain create (one statement on PostgreSQL).
    /// `shown` is the stored rule an occurrence follows (its events show it).
    func insert(
        _ new: NewTask, rule: NewRecurrenceRule?, shown: RecurrenceRuleRecord? = nil, reminders: [ReminderInput],
        traceparent: String?
    ) async throws -> TaskAggregateCreation {
        let creation: TaskAggregateCreation
        var events = events
        events.rule = shown ?? rule.map { $0.record(at: Date()) }
        if reminders.isEmpty, rule == nil {
            let created = try await tasks.create(new) { [events] in try events.created($0, traceparent: traceparent) }
            creation = TaskAggregateCreation(
                aggregate: TaskAggregate(task: created.task, reminders: created.created ? [] : try await stored(created.task)),
                created: created.created)
        } else {
            let planned = try ReminderPlan.new(reminders, taskID: new.id, userID: new.userID, dueAt: new.dueAt)
            creation = try await tasks.create(new, rule: rule, reminders: planned) { [events] in
                try events.created($0, traceparent: traceparent)
            }
        }
        if creation.created { relay.notify() }
        return creation
    }

    private func stored(_ task: TaskRecord) async throws -> [ReminderRecord] {
        try await tasks.reminders(of: [task.id])[task.id] ?? []
    }

    /// The cron binding's sweep: publishes what a crashed relay left behind.
    func handle(_ event: DaprBindingEvent, context: FunctionContext) async throws {
        try await relay.relayNow()
    }
}
