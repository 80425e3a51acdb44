/// `TaskCreated.v1`: a task was created; carries the full task.
package struct TaskCreated: TodoEventPayload {
    package static let eventType = TodoEventType.taskCreated
    /// The new task.
    package var task: TodoTask
    package var taskId: String { task.id }
    package var userId: String { task.userId }
    /// Creates the payload.
    package init(task: TodoTask) { self.task = task }
}
