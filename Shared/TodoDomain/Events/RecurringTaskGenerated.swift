/// `RecurringTaskGenerated.v1`: the next task of a series was created, exactly once per (rule id, occurrence).
package struct RecurringTaskGenerated: TodoEventPayload {
    package static let eventType = TodoEventType.recurringTaskGenerated
    /// The new task (its `recurrence` names the rule and the occurrence).
    package var task: TodoTask
    /// The completed task the new one follows.
    package var previousTaskId: String
    /// The series' rule id.
    package var ruleId: String
    /// The new task's occurrence number.
    package var occurrence: Int
    package var taskId: String { task.id }
    package var userId: String { task.userId }
    /// Creates the payload.
    package init(task: TodoTask, previousTaskId: String, ruleId: String, occurrence: Int) {
        self.task = task
        self.previousTaskId = previousTaskId
        self.ruleId = ruleId
        self.occurrence = occurrence
    }
}
