package import CloudEvents
import FoundationEssentials

/// Deterministic sample events, one per catalogue type: for `docs/events.md`, tests and benchmarks.
package enum TodoEventSamples {
    /// 2026-11-20T09:00:00Z, the samples' "now".
    private static let now = Date(timeIntervalSince1970: 1_795_165_200)
    private static let taskID = "0b6f5a1e-5c0a-4f7e-9a51-1f0c2a9d7e11"
    private static let reminderID = "5d2c7b7e-7a51-4c1e-8f0a-3e9b6d4c2a10"
    private static let ruleID = "rr-7f3e"
    private static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    /// The factory the samples use: a fixed clock and an id ending in the catalogue position.
    private static func factory(_ position: Int) -> TodoEventFactory {
        TodoEventFactory(now: { now }, makeID: { "9d1c8b0e-3f4a-4e62-8c1d-5b2f7a6e9c\(30 + position)" })
    }

    /// A recurring task, as task-crud would store it.
    package static let task = TodoTask(
        id: taskID, userId: "alice", title: "Water the plants", description: "Balcony and kitchen",
        priority: .medium, tags: ["home"], dueAt: now.addingTimeInterval(8 * 3600), timeZone: "Europe/Berlin",
        recurrence: TaskRecurrence(
            ruleId: ruleID, rule: "FREQ=WEEKLY;BYDAY=TH", occurrence: 1, anchor: "schedule",
            nextDueAt: now.addingTimeInterval(8 * 3600 + 7 * 86_400)), createdAt: now,
        updatedAt: now)

    /// One payload per catalogue type, in catalogue order.
    package static let payloads: [any TodoEventPayload] = {
        var updated = task
        updated.priority = .high
        updated.updatedAt = now
        updated.version = 2
        var completed = updated
        completed.status = .completed
        completed.version = 3
        var next = task
        next.id = "6e1a9c44-2b7d-4f35-9c0e-8d5f3a1b7e22"
        next.dueAt = now.addingTimeInterval(8 * 3600 + 7 * 86_400)
        next.recurrence?.occurrence = 2
        next.recurrence?.nextDueAt = now.addingTimeInterval(8 * 3600 + 14 * 86_400)
        let remindAt = now.addingTimeInterval(7 * 3600)
        return [
            TaskCreated(task: task),
            TaskUpdated(task: updated, changedFields: ["priority"]),
            TaskCompleted(task: completed, completedAt: now, reminderIds: [reminderID]),
            TaskDeleted(taskId: taskID, userId: "alice", deletedAt: now, version: 4, reminderIds: [reminderID]),
            ReminderScheduled(
                reminderId: reminderID, taskId: taskID, userId: "alice", title: task.title, remindAt: remindAt,
                dueAt: task.dueAt),
            ReminderTriggered(
                reminderId: reminderID, taskId: taskID, userId: "alice", title: task.title, remindAt: remindAt,
                triggeredAt: remindAt.addingTimeInterval(0.042), dueAt: task.dueAt),
            ReminderDelivered(
                reminderId: reminderID, taskId: taskID, userId: "alice", deliveredAt: remindAt.addingTimeInterval(0.05),
                channel: "websocket"),
            ReminderFailed(
                reminderId: reminderID, taskId: taskID, userId: "alice", failedAt: remindAt.addingTimeInterval(0.05),
                reason: "no open connection", attempt: 1, willRetry: true),
            RecurringTaskGenerated(task: next, previousTaskId: taskID, ruleId: ruleID, occurrence: 2),
            ReminderCancelled(reminderId: reminderID, taskId: taskID, userId: "alice", cancelledAt: now, reason: "removed"),
        ]
    }()

    /// One sample event per catalogue type, in catalogue order, as the emitting function publishes it.
    package static func events() throws -> [CloudEvent] {
        try payloads.enumerated().map { position, payload in try make(payload, position) }
    }

    private static func make(_ payload: some TodoEventPayload, _ position: Int) throws -> CloudEvent {
        try factory(position + 1).makeEvent(payload, traceparent: traceparent)
    }

    /// A plain TaskCreated as Dapr delivers it to a subscriber when tracing is off: structured JSON with Dapr's
    /// `topic`, `pubsubname` and empty `traceid`/`traceparent`/`tracestate` added, about 640 bytes. The
    /// benchmark input for "a typical 600-byte task event".
    package static func taskCreatedDelivery() throws -> [UInt8] {
        var plain = task
        plain.description = nil
        plain.recurrence = nil
        var event = try factory(1).makeEvent(TaskCreated(task: plain))
        event.extensions["pubsubname"] = .string(TodoTopic.pubsubName)
        event.extensions["topic"] = .string(TodoTopic.taskEvents.rawValue)
        event.extensions["traceid"] = ""
        event.extensions["traceparent"] = ""
        event.extensions["tracestate"] = ""
        return event.jsonBytes()
    }
}
