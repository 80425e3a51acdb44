import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage
import TodoDomain

/// What a change to a task does to its reminders, decided from the task as stored (pure: it runs inside the
/// transaction and may run twice): new ones to add, pending relative ones moved with the due time, pending ones
/// cancelled because a new `reminders` list replaced them.
struct ReminderPlan: Sendable {
    /// At most this many pending reminders per task.
    static let limit = 20

    var added: [NewReminder] = []
    /// Pending reminders whose trigger time moved, with the time they had.
    var moved: [(reminder: ReminderRecord, previous: Date)] = []
    /// Pending reminders cancelled by a replacing list.
    var replaced: [ReminderRecord] = []

    /// The reminders of a new task `taskID` due at `dueAt`.
    /// - Throws: `HTTPError` 400 for too many, or a relative one without a due time.
    static func new(_ inputs: [ReminderInput], taskID: UUID, userID: String, dueAt: Date?) throws -> [NewReminder] {
        guard inputs.count <= limit else {
            throw HTTPError(.badRequest, message: "a task has at most \(limit) reminders (got \(inputs.count))")
        }
        return try inputs.map { input in
            NewReminder(taskID: taskID, userID: userID, triggerAt: try input.trigger(dueAt: dueAt), beforeDue: input.before)
        }
    }

    /// The plan for `current` becoming `task`, its reminders replaced by `replacement` when that is not nil.
    /// - Throws: `HTTPError` 400 (too many, relative without a due time, clearing the due time under relative
    ///   reminders), 409 (reminders for a completed task).
    static func change(_ current: TaskAggregate, to task: TaskRecord, replacement: [ReminderInput]?) throws -> ReminderPlan {
        var plan = ReminderPlan()
        let pending = current.pendingReminders
        if let replacement {
            if !replacement.isEmpty, task.status == .completed {
                throw HTTPError(.conflict, message: "the task is completed; reopen it before adding reminders")
            }
            plan.added = try new(replacement, taskID: task.id, userID: task.userID, dueAt: task.dueAt)
            plan.replaced = current.cancellingPendingReminders()
            return plan
        }
        guard task.dueAt != current.task.dueAt else { return plan }
        for reminder in pending where reminder.beforeDue != nil {
            guard let dueAt = task.dueAt else {
                throw HTTPError(
                    .badRequest,
                    message: "the task has reminders relative to its due time; remove them (or send 'reminders') "
                        + "to clear dueAt")
            }
            var moved = reminder
            moved.triggerAt = dueAt.addingTimeInterval(-Double((try? ISODuration.seconds(reminder.beforeDue ?? "")) ?? 0))
            plan.moved.append((moved, reminder.triggerAt))
        }
        return plan
    }

    /// The reminder rows this plan changes.
    var changed: [ReminderRecord] { moved.map(\.reminder) + replaced }
}
