/// `TaskUpdated.v1`: a task's fields changed; carries the task after the change and the names of the fields.
package struct TaskUpdated: TodoEventPayload {
    package static let eventType = TodoEventType.taskUpdated
    /// The task after the change.
    package var task: TodoTask
    /// The `TodoTask` field names that changed, e.g. `["title", "dueAt"]`.
    package var changedFields: [String]
    package var taskId: String { task.id }
    package var userId: String { task.userId }
    /// Creates the payload.
    package init(task: TodoTask, changedFields: [String]) {
        self.task = task
        self.changedFields = changedFields
    }
}
