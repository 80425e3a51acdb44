import CloudEvents
import FoundationEssentials
import Storage
import TodoDomain

/// The events each mutation writes to the outbox, in the same transaction as the change: TaskCreated,
/// TaskUpdated, TaskCompleted and TaskDeleted (v1) and the reminders' ReminderScheduled and ReminderCancelled,
/// partitioned by user, carrying the request's trace context.
struct TaskEvents: Sendable {
    var factory = TodoEventFactory()
    /// The rule of the task the events are about, shown in their `task.recurrence`.
    var rule: RecurrenceRuleRecord?

    /// TaskCreated for a new task.
    func created(_ task: TaskRecord, traceparent: String?) throws -> [OutboxMessage] {
        [try message(TaskCreated(task: snapshot(task)), traceparent)]
    }

    /// TaskCreated and a ReminderScheduled per reminder of a new task.
    func created(_ aggregate: TaskAggregate, traceparent: String?) throws -> [OutboxMessage] {
        try [message(TaskCreated(task: snapshot(aggregate.task)), traceparent)]
            + aggregate.reminders.map { try scheduled($0, of: aggregate.task, previous: nil, traceparent) }
    }

    /// TaskUpdated (when `fields` is not empty) and the reminder events of `plan`.
    func updated(
        _ aggregate: TaskAggregate, fields: [String], plan: ReminderPlan, at now: Date, traceparent: String?
    ) throws -> [OutboxMessage] {
        let task = aggregate.task
        var messages =
            try fields.isEmpty ? [] : [message(TaskUpdated(task: snapshot(task), changedFields: fields), traceparent)]
        messages += try plan.replaced.map { try cancelled($0, reason: "replaced", at: now, traceparent) }
        messages += try plan.moved.map { try scheduled($0.reminder, of: task, previous: $0.previous, traceparent) }
        messages += try plan.added.map { new in
            try scheduled(new.record(at: now), of: task, previous: nil, traceparent)
        }
        return messages
    }

    /// TaskCompleted (naming the reminders it cancelled) when the toggle completed the task; TaskUpdated
    /// (`status`) when it reopened it.
    func toggled(_ task: TaskRecord, cancelled: [ReminderRecord], traceparent: String?) throws -> [OutboxMessage] {
        guard task.status == .completed, let completedAt = task.completedAt else {
            return [try message(TaskUpdated(task: snapshot(task), changedFields: ["status"]), traceparent)]
        }
        let payload = TaskCompleted(task: snapshot(task), completedAt: completedAt, reminderIds: cancelled.map(Self.id))
        return [try message(payload, traceparent)]
    }

    /// TaskDeleted, naming the reminders it cancelled.
    func deleted(_ task: TaskRecord, cancelled: [ReminderRecord], traceparent: String?) throws -> [OutboxMessage] {
        let payload = TaskDeleted(
            taskId: Self.id(task), userId: task.userID, deletedAt: task.updatedAt, version: Int(task.version),
            reminderIds: cancelled.map(Self.id))
        return [try message(payload, traceparent)]
    }

    /// ReminderScheduled for `reminder` of `task`; `previous` set when it moved.
    func scheduled(_ reminder: ReminderRecord, of task: TaskRecord, previous: Date?, _ traceparent: String?) throws
        -> OutboxMessage
    {
        try message(
            ReminderScheduled(
                reminderId: Self.id(reminder), taskId: Self.id(task), userId: task.userID, title: task.title,
                remindAt: reminder.triggerAt, dueAt: task.dueAt, previousRemindAt: previous), traceparent)
    }

    /// ReminderCancelled for `reminder`.
    func cancelled(_ reminder: ReminderRecord, reason: String, at now: Date, _ traceparent: String?) throws
        -> OutboxMessage
    {
        try message(
            ReminderCancelled(
                reminderId: Self.id(reminder), taskId: reminder.taskID.uuidString.lowercased(), userId: reminder.userID,
                cancelledAt: now, reason: reason), traceparent)
    }

    private func message(_ payload: some TodoEventPayload, _ traceparent: String?) throws -> OutboxMessage {
        let event = try factory.makeEvent(payload, traceparent: traceparent)
        return try OutboxMessage(event, topic: type(of: payload).eventType.topic.rawValue)
    }

    /// The task as events carry it.
    func snapshot(_ task: TaskRecord) -> TodoTask {
        TodoTask(
            id: Self.id(task), userId: task.userID, title: task.title, description: task.description,
            status: task.status, priority: task.priority, tags: task.tags, dueAt: task.dueAt, timeZone: task.timeZone,
            recurrence: rule.flatMap { task.recurrenceRuleID == $0.id ? RecurrenceJSON($0, task: task).event : nil },
            createdAt: task.createdAt, updatedAt: task.updatedAt, version: Int(task.version))
    }

    private static func id(_ task: TaskRecord) -> String { task.id.uuidString.lowercased() }
    private static func id(_ reminder: ReminderRecord) -> String { reminder.id.uuidString.lowercased() }
}
