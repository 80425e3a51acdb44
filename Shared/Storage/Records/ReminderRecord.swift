package import FoundationEssentials

/// A reminder of a task, fired by a scheduler job.
package struct ReminderRecord: Sendable, Hashable {
    /// The reminder id.
    package var id: UUID
    /// The task.
    package var taskID: UUID
    /// The owner.
    package var userID: String
    /// When it fires.
    package var triggerAt: Date
    /// For a reminder relative to the task's due time: the ISO 8601 duration before it (`PT30M`); `triggerAt` is
    /// then `dueAt` minus it, and moves when the due time moves. Nil for a reminder at an absolute time.
    package var beforeDue: String?
    /// pending, fired, delivered, failed or cancelled.
    package var status: ReminderStatus
    /// The scheduler job name (`reminder-<id>`).
    package var jobName: String
    /// When it was delivered.
    package var deliveredAt: Date?
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date
}

/// What a caller supplies to create a reminder.
package struct NewReminder: Sendable, Hashable {
    /// The id.
    package var id: UUID
    /// The task.
    package var taskID: UUID
    /// The owner.
    package var userID: String
    /// When it fires.
    package var triggerAt: Date
    /// The job name; defaults to `reminder-<id>`.
    package var jobName: String
    /// The ISO 8601 duration before the due time, for a relative reminder.
    package var beforeDue: String?

    /// Makes a reminder.
    package init(
        id: UUID = TimeOrderedUUID.make(), taskID: UUID, userID: String, triggerAt: Date, beforeDue: String? = nil,
        jobName: String? = nil
    ) {
        self.id = id
        self.taskID = taskID
        self.userID = userID
        self.triggerAt = triggerAt
        self.beforeDue = beforeDue
        self.jobName = jobName ?? "reminder-\(id.uuidString.lowercased())"
    }
}

extension NewReminder {
    /// The record this reminder is stored as: pending, created and updated at `now`.
    package func record(at now: Date) -> ReminderRecord {
        ReminderRecord(
            id: id, taskID: taskID, userID: userID, triggerAt: triggerAt, beforeDue: beforeDue, status: .pending,
            jobName: jobName, deliveredAt: nil, createdAt: now, updatedAt: now)
    }
}

/// A reminder's status.
package struct ReminderStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The stored text.
    package let rawValue: String
    /// Makes a status from its stored text.
    package init(rawValue: String) { self.rawValue = rawValue }

    /// Scheduled, not fired yet.
    package static let pending = ReminderStatus(rawValue: "pending")
    /// Its time came and reminder-fire fired it (ReminderTriggered); delivery to the user comes next.
    package static let fired = ReminderStatus(rawValue: "fired")
    /// Pushed to the user.
    package static let delivered = ReminderStatus(rawValue: "delivered")
    /// Delivery failed.
    package static let failed = ReminderStatus(rawValue: "failed")
    /// Cancelled (task completed, deleted or rescheduled).
    package static let cancelled = ReminderStatus(rawValue: "cancelled")

    /// The stored text.
    package var description: String { rawValue }
}
