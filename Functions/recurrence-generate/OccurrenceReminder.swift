import FoundationEssentials
import Storage

/// A reminder of the next task of a series, as task-crud's task input takes it: `{"before":"PT30M"}` or
/// `{"at":"…"}`.
///
/// The next task gets the reminders the completed task had when it was completed: those that fired (fired,
/// delivered, failed) and those the completion cancelled (`TaskCompleted.reminderIds`), not ones the user removed
/// before. A relative reminder keeps its `before` and so is re-anchored to the new due time by task-crud; an
/// absolute one moves by as much as the due time moved (its distance to the due time is kept), as Vikunja's
/// default repeat mode advances every reminder with the due date.
struct OccurrenceReminder: Encodable, Sendable, Hashable {
    var at: Date?
    var before: String?

    /// The reminders of the next task: `reminders` of the task due at `previousDue` (those `cancelledByCompletion`
    /// among the cancelled ones), for a task due at `nextDue`; each given once, at most `limit` (task-crud's).
    static func carried(
        _ reminders: [ReminderRecord], cancelledByCompletion: Set<String>, previousDue: Date?, nextDue: Date,
        limit: Int = 20
    ) -> [OccurrenceReminder] {
        var seen = Set<OccurrenceReminder>()
        var carried: [OccurrenceReminder] = []
        let kept: Set<ReminderStatus> = [.fired, .delivered, .failed, .pending]
        for reminder in reminders
        where kept.contains(reminder.status) || cancelledByCompletion.contains(reminder.id.uuidString.lowercased()) {
            let next: OccurrenceReminder
            if let before = reminder.beforeDue {
                next = OccurrenceReminder(at: nil, before: before)
            } else {
                let shift = previousDue.map { nextDue.timeIntervalSince($0) } ?? 0
                next = OccurrenceReminder(at: reminder.triggerAt.addingTimeInterval(shift), before: nil)
            }
            if seen.insert(next).inserted { carried.append(next) }
        }
        return Array(carried.suffix(limit))
    }
}
