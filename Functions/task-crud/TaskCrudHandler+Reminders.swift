import EventRelay
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Storage
import TodoDomain

/// A task's reminders as a sub-resource: `GET` and `POST /api/{user_id}/tasks/{id}/reminders`,
/// `DELETE /api/{user_id}/tasks/{id}/reminders/{reminder_id}`. They change the reminders only: the task's version
/// (its `ETag`) stays.
extension TaskCrudHandler {
    /// `{"reminders":[...]}`, every status, by trigger time.
    func listReminders(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        guard let task = try await tasks.aggregate(id: id, userID: user), task.task.status != .deleted else {
            throw notFound(id)
        }
        return try .json(ReminderListJSON(reminders: task.reminders.map(ReminderJSON.init)))
    }

    /// Adds one reminder (`{"at":…}` or `{"before":…}`): 201 with it, ReminderScheduled in the same transaction.
    func addReminder(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        let input = try request.decodeJSON(ReminderInput.self)
        let traceparent = context.traceparent
        let reminderID = TimeOrderedUUID.make()
        let task = try await tasks.modify(id: id, userID: user, expectedVersion: nil) { [events] current, now in
            guard current.task.status != .completed else {
                throw HTTPError(.conflict, message: "the task is completed; reopen it before adding reminders")
            }
            guard current.pendingReminders.count < ReminderPlan.limit else {
                throw HTTPError(.badRequest, message: "a task has at most \(ReminderPlan.limit) pending reminders")
            }
            let new = NewReminder(
                id: reminderID, taskID: id, userID: user, triggerAt: try input.trigger(dueAt: current.task.dueAt),
                beforeDue: input.before)
            return TaskModification(newReminders: [new]) { aggregate in
                [try events.scheduled(new.record(at: now), of: aggregate.task, previous: nil, traceparent)]
            }
        }
        relay.notify()
        guard let reminder = task.reminders.first(where: { $0.id == reminderID }) else {
            throw HTTPError(.internalServerError, message: "the reminder was not stored")
        }
        var response = try HTTPResponse.json(ReminderJSON(reminder), status: .created)
        response.headers["Location"] =
            "/api/\(user)/tasks/\(id.uuidString.lowercased())/reminders/\(reminder.id.uuidString.lowercased())"
        return response
    }

    /// Cancels a pending reminder (ReminderCancelled, reason `removed`): 204. A reminder that already fired or was
    /// cancelled stays as it is (204, nothing written); an unknown one is a 404.
    func removeReminder(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let (user, id) = try target(request, context)
        guard let reminderID = UUID(uuidString: try context.parameters.require("reminder_id")) else {
            throw HTTPError(.notFound, message: "no such reminder")
        }
        let traceparent = context.traceparent
        _ = try await tasks.modify(id: id, userID: user, expectedVersion: nil) { [events] current, now in
            guard let stored = current.reminders.first(where: { $0.id == reminderID }) else {
                throw HTTPError(.notFound, message: "no reminder \(reminderID.uuidString.lowercased()) on this task")
            }
            guard stored.status == .pending else { return TaskModification { _ in [] } }
            var cancelled = stored
            cancelled.status = .cancelled
            let reminder = cancelled
            return TaskModification(changedReminders: [reminder]) { _ in
                [try events.cancelled(reminder, reason: "removed", at: now, traceparent)]
            }
        }
        relay.notify()
        return HTTPResponse(status: .noContent)
    }
}
