/// One entry of the event catalogue: the versioned CloudEvents `type`, its topic and its emitting function.
///
/// The scheme, kept only here: `type` = `com.todo.<entity>.<verb>.v<version>`, where the seed plan's names map as
/// `TaskCreated.v1` → `com.todo.task.created.v1`. `source` = `/<app-id>` of the emitting function. `subject` is
/// always the task id and the `partitionkey` extension (Dapr's `partitionKey`) the user id.
package struct TodoEventType: Sendable, Hashable, CustomStringConvertible {
    /// The seed plan's name, e.g. `TaskCreated`.
    package let name: String
    /// The schema version; a breaking payload change gets a new version and a new type string.
    package let version: Int
    /// The CloudEvents `type`, e.g. `com.todo.task.created.v1`.
    package let type: String
    /// The pub/sub topic the event is published to.
    package let topic: TodoTopic
    /// The CloudEvents `source`: the emitting function, e.g. `/task-crud`.
    package let source: String
    /// One sentence on when the event is emitted (for `docs/events.md`).
    package let summary: String

    private init(
        _ name: String, _ entity: String, _ verb: String, _ topic: TodoTopic, _ app: String, _ summary: String
    ) {
        self.name = name
        self.summary = summary
        self.version = 1
        self.type = "com.todo.\(entity).\(verb).v1"
        self.topic = topic
        self.source = "/\(app)"
    }

    /// The seed plan's versioned name, e.g. `TaskCreated.v1`.
    package var description: String { "\(name).v\(version)" }

    /// A task was created.
    package static let taskCreated = TodoEventType(
        "TaskCreated", "task", "created", .taskEvents, "task-crud",
        "task-crud created a task (through the REST API, the chat, or the internal endpoint recurrence-generate calls).")
    /// A task's fields changed.
    package static let taskUpdated = TodoEventType(
        "TaskUpdated", "task", "updated", .taskEvents, "task-crud",
        "task-crud changed fields of a task; `changedFields` names them, `task` is the state after the change.")
    /// A task was marked done.
    package static let taskCompleted = TodoEventType(
        "TaskCompleted", "task", "completed", .taskEvents, "task-crud",
        "task-crud marked a task done; recurrence-generate continues the series when `task.recurrence` is set, "
            + "reminder-fire cancels the jobs of `reminderIds`.")
    /// A task was deleted.
    package static let taskDeleted = TodoEventType(
        "TaskDeleted", "task", "deleted", .taskEvents, "task-crud",
        "task-crud deleted a task; reminder-fire cancels the jobs of `reminderIds`.")
    /// A reminder job was scheduled.
    package static let reminderScheduled = TodoEventType(
        "ReminderScheduled", "reminder", "scheduled", .reminderEvents, "task-crud",
        "task-crud scheduled the Dapr job `reminder-<reminderId>` to fire at `remindAt`; again, with "
            + "`previousRemindAt`, when the task's due time moved a relative reminder (replace the job).")
    /// A reminder's time came and it fired.
    package static let reminderTriggered = TodoEventType(
        "ReminderTriggered", "reminder", "triggered", .reminderEvents, "reminder-fire",
        "reminder-fire was called by the job and found the reminder still pending; written with the move to fired. Its "
            + "event id is the reminder id (a reminder fires once), so each delivery attempt pushes the same event.")
    /// A reminder reached the user.
    package static let reminderDelivered = TodoEventType(
        "ReminderDelivered", "reminder", "delivered", .reminderEvents, "reminder-fire",
        "reminder-fire pushed the ReminderTriggered through ws-fanout (`POST /internal/deliver`) and the gateway took it "
            + "for at least one open connection of the user; written once, with the move from fired to delivered.")
    /// A reminder could not be delivered.
    package static let reminderFailed = TodoEventType(
        "ReminderFailed", "reminder", "failed", .reminderEvents, "reminder-fire",
        "reminder-fire's attempt reached no open connection (the reminder waits in the replay history for the next "
            + "reconnect) or could not push; `willRetry`: the job calls again (5, 15, 30, 60 s later); false after "
            + "attempt 5 or when the task was closed, with the move to failed.")
    /// The next task of a recurring series was created.
    package static let recurringTaskGenerated = TodoEventType(
        "RecurringTaskGenerated", "recurringtask", "generated", .recurringEvents, "recurrence-generate",
        "recurrence-generate created the next task of a series, exactly once per (`ruleId`, `occurrence`).")

    /// A pending reminder was cancelled on its own.
    package static let reminderCancelled = TodoEventType(
        "ReminderCancelled", "reminder", "cancelled", .reminderEvents, "task-crud",
        "task-crud cancelled a pending reminder (`reason`: `removed` by the user, or `replaced` by a new `reminders` "
            + "list); reminder-fire deletes the job `reminder-<reminderId>`. Completing or deleting a task cancels "
            + "its reminders through `reminderIds` of TaskCompleted/TaskDeleted instead.")

    /// The ten v1 events, in catalogue order (ReminderCancelled came last, after the first nine).
    package static let all: [TodoEventType] = [
        .taskCreated, .taskUpdated, .taskCompleted, .taskDeleted, .reminderScheduled, .reminderTriggered,
        .reminderDelivered, .reminderFailed, .recurringTaskGenerated, .reminderCancelled,
    ]

    /// The catalogue entry for a CloudEvents `type`, or nil for a type outside the catalogue.
    package init?(type: String) {
        guard let entry = Self.all.first(where: { $0.type == type }) else { return nil }
        self = entry
    }
}
