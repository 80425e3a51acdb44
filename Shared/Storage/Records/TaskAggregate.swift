package import FoundationEssentials

/// A task with its reminders: what one unit of work on a task reads and writes together.
package struct TaskAggregate: Sendable, Hashable {
    /// The task.
    package var task: TaskRecord
    /// Its reminders (every status), by trigger time then id.
    package var reminders: [ReminderRecord]

    /// Makes an aggregate, ordering `reminders`.
    package init(task: TaskRecord, reminders: [ReminderRecord]) {
        self.task = task
        self.reminders = reminders.sorted(by: Self.order)
    }

    /// The reminders still pending.
    package var pendingReminders: [ReminderRecord] { reminders.filter { $0.status == .pending } }

    static func order(_ left: ReminderRecord, _ right: ReminderRecord) -> Bool {
        (left.triggerAt, left.id.uuidString) < (right.triggerAt, right.id.uuidString)
    }
}

/// What one unit of work on a stored task writes, decided from the task as stored (read under its lock).
package struct TaskModification: Sendable {
    /// The task's new state, or nil to leave its row (and version) alone. The store stamps `version` (+1) and
    /// `updatedAt`.
    package var task: TaskRecord?
    /// Reminders to add to the task.
    package var newReminders: [NewReminder]
    /// Reminders of the task whose `status` or `triggerAt` change (the store stamps `updatedAt`).
    package var changedReminders: [ReminderRecord]
    /// A recurrence rule to insert (the task's `recurrenceRuleID` names it).
    package var newRule: NewRecurrenceRule?
    /// A rule the task no longer follows: it stops generating (inactive).
    package var retiredRuleID: UUID?
    /// The outbox events, made from the aggregate as it is after the change.
    package var events: OutboxEvents<TaskAggregate>

    /// Makes a modification.
    package init(
        task: TaskRecord? = nil, newReminders: [NewReminder] = [], changedReminders: [ReminderRecord] = [],
        newRule: NewRecurrenceRule? = nil, retiredRuleID: UUID? = nil, events: @escaping OutboxEvents<TaskAggregate>
    ) {
        self.newRule = newRule
        self.retiredRuleID = retiredRuleID
        self.task = task
        self.newReminders = newReminders
        self.changedReminders = changedReminders
        self.events = events
    }
}

/// The outcome of ``TaskStore/create(_:rule:reminders:events:)``.
package struct TaskAggregateCreation: Sendable, Hashable {
    /// The stored task and reminders.
    package var aggregate: TaskAggregate
    /// Whether this call inserted them (false when the generation key existed: nothing was written).
    package var created: Bool

    /// Makes an outcome.
    package init(aggregate: TaskAggregate, created: Bool) {
        self.aggregate = aggregate
        self.created = created
    }
}
