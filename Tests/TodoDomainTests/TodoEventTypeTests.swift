import Testing
import TodoDomain

@Suite struct TodoEventTypeTests {
    @Test("the catalogue has the ten v1 events with unique versioned types")
    func tenEvents() {
        #expect(TodoEventType.all.count == 10)
        #expect(Set(TodoEventType.all.map(\.type)).count == 10)
        #expect(
            TodoEventType.all.map(\.description) == [
                "TaskCreated.v1", "TaskUpdated.v1", "TaskCompleted.v1", "TaskDeleted.v1", "ReminderScheduled.v1",
                "ReminderTriggered.v1", "ReminderDelivered.v1", "ReminderFailed.v1", "RecurringTaskGenerated.v1",
                "ReminderCancelled.v1",
            ])
        for entry in TodoEventType.all {
            #expect(entry.type.hasPrefix("com.todo."))
            #expect(entry.type.hasSuffix(".v1"))
            #expect(entry.type.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "." })
        }
    }

    @Test(
        "topics and sources follow DESIGN.md",
        arguments: [
            (TodoEventType.taskCreated, "task-events", "/task-crud", "com.todo.task.created.v1"),
            (.taskUpdated, "task-events", "/task-crud", "com.todo.task.updated.v1"),
            (.taskCompleted, "task-events", "/task-crud", "com.todo.task.completed.v1"),
            (.taskDeleted, "task-events", "/task-crud", "com.todo.task.deleted.v1"),
            (.reminderScheduled, "reminder-events", "/task-crud", "com.todo.reminder.scheduled.v1"),
            (.reminderTriggered, "reminder-events", "/reminder-fire", "com.todo.reminder.triggered.v1"),
            (.reminderDelivered, "reminder-events", "/reminder-fire", "com.todo.reminder.delivered.v1"),
            (.reminderFailed, "reminder-events", "/reminder-fire", "com.todo.reminder.failed.v1"),
            (.recurringTaskGenerated, "recurring-events", "/recurrence-generate", "com.todo.recurringtask.generated.v1"),
            (.reminderCancelled, "reminder-events", "/task-crud", "com.todo.reminder.cancelled.v1"),
        ])
    func placement(entry: TodoEventType, topic: String, source: String, type: String) {
        #expect(entry.topic.rawValue == topic)
        #expect(entry.source == source)
        #expect(entry.type == type)
        #expect(TodoEventType(type: type) == entry)
    }

    @Test("a type outside the catalogue is not found")
    func unknownType() {
        #expect(TodoEventType(type: "com.dapr.event.sent") == nil)
        #expect(TodoEventType(type: "com.todo.task.created.v2") == nil)
    }
}
