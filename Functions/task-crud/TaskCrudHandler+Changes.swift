import EventRelay
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Storage
import TodoDomain

/// `PUT`, `PATCH`, complete and `DELETE`: each one unit of work on the task and its reminders (``TaskStore/modify``).
extension TaskCrudHandler {
    func replace(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        try await change(request, context, replacing: true)
    }

    func update(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        try await change(request, context, replacing: false)
    }

    /// Completes a pending task (cancelling its pending reminders) or reopens a completed one (its cancelled
    /// reminders stay cancelled).
    func toggleCompleted(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        let traceparent = context.traceparent
        var events = events
        events.rule = try await currentRule(id: id, userID: user)
        let task = try await tasks.toggleCompleted(id: id, userID: user, expectedVersion: try IfMatch.version(request)) {
            [events] task, cancelled in try events.toggled(task, cancelled: cancelled, traceparent: traceparent)
        }
        relay.notify()
        return try TaskJSON.response(task, rule: events.rule)
    }

    /// Soft-deletes the task and cancels its pending reminders.
    func delete(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        let traceparent = context.traceparent
        _ = try await tasks.delete(id: id, userID: user, expectedVersion: try IfMatch.version(request)) {
            [events] task, cancelled in try events.deleted(task, cancelled: cancelled, traceparent: traceparent)
        }
        relay.notify()
        return HTTPResponse(status: .noContent)
    }

    private func change(_ request: HTTPRequest, _ context: FunctionContext, replacing: Bool) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        let input = try request.decodeJSON(TaskInput.self)
        let fields = replacing ? TaskInput.fields : input.present
        let changes = try input.changes(replacing: replacing)
        let replacement = replacing ? (input.reminders ?? []) : input.reminders
        let traceparent = context.traceparent
        let kept = try await currentRule(id: id, userID: user)
        let task = try await tasks.modify(id: id, userID: user, expectedVersion: try IfMatch.version(request)) {
            [events] current, now in
            var changed = changes.applied(to: current.task)
            let rule = try Self.ruleChange(input, replacing: replacing, changed: &changed, current: current.task)
            let plan = try ReminderPlan.change(current, to: changed, replacement: replacement)
            var events = events
            events.rule = rule.new?.record(at: now) ?? kept
            return TaskModification(
                task: fields.isEmpty ? nil : changed, newReminders: plan.added, changedReminders: plan.changed,
                newRule: rule.new, retiredRuleID: rule.retired
            ) { [events] in try events.updated($0, fields: fields, plan: plan, at: now, traceparent: traceparent) }
        }
        relay.notify()
        return try TaskJSON.response(task, rule: try await rule(of: task.task))
    }

    /// The rule the stored task follows (read before its unit of work, for the events to show).
    private func currentRule(id: UUID, userID: String) async throws -> RecurrenceRuleRecord? {
        guard let task = try await tasks.get(id: id, userID: userID) else { return nil }
        return try await rule(of: task)
    }
}
