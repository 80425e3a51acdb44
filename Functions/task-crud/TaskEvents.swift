import CloudEvents
import FoundationEssentials
import Storage
import TodoDomain

/// The events each mutation writes to the outbox, in the same transaction as the change: TaskCreated,
/// TaskUpdated, TaskCompleted and TaskDeleted (v1), partitioned by user, carrying the request's trace context.
struct TaskEvents: Sendable {
    var factory = TodoEventFactory()

    /// TaskCreated for a new task.
    func created(_ task: TaskRecord, traceparent: String?) throws -> [OutboxMessage] {
        [try message(TaskCreated(task: Self.snapshot(task)), traceparent)]
    }

    /// TaskUpdated naming the fields the request set.
    func updated(_ task: TaskRecord, fields: [String], traceparent: String?) throws -> [OutboxMessage] {
        [try message(TaskUpdated(task: Self.snapshot(task), changedFields: fields), traceparent)]
    }

    /// TaskCompleted when the toggle completed the task; TaskUpdated (`status`) when it reopened it.
    func toggled(_ task: TaskRecord, traceparent: String?) throws -> [OutboxMessage] {
        guard task.status == .completed, let completedAt = task.completedAt else {
            return [try message(TaskUpdated(task: Self.snapshot(task), changedFields: ["status"]), traceparent)]
        }
        return [try message(TaskCompleted(task: Self.snapshot(task), completedAt: completedAt), traceparent)]
    }

    /// TaskDeleted.
    func deleted(_ task: TaskRecord, traceparent: String?) throws -> [OutboxMessage] {
        let payload = TaskDeleted(
            taskId: Self.id(task), userId: task.userID, deletedAt: task.updatedAt, version: Int(task.version))
        return [try message(payload, traceparent)]
    }

    private func message(_ payload: some TodoEventPayload, _ traceparent: String?) throws -> OutboxMessage {
        let event = try factory.makeEvent(payload, traceparent: traceparent)
        return try OutboxMessage(event, topic: type(of: payload).eventType.topic.rawValue)
    }

    /// The task as events carry it.
    static func snapshot(_ task: TaskRecord) -> TodoTask {
        TodoTask(
            id: id(task), userId: task.userID, title: task.title, description: task.description,
            status: task.status, priority: task.priority, tags: task.tags, dueAt: task.dueAt,
            timeZone: task.timeZone, createdAt: task.createdAt, updatedAt: task.updatedAt, version: Int(task.version))
    }

    private static func id(_ task: TaskRecord) -> String { task.id.uuidString.lowercased() }
}
