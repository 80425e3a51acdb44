import EventRelay
import FoundationEssentials
import FunctionRuntime
import Storage
import TodoDomain

/// Firing a reminder when its job calls.
extension ReminderFireHandler {
    /// Fires reminder `id` if it is still pending and its task open: moves it to fired (compare-and-set, so two
    /// triggers fire it once) and writes ReminderTriggered, with how late it fired, in the same transaction; then
    /// delivers it (attempt 1, ``deliver(_:task:attempt:context:)``). A trigger for a fired reminder is delivery
    /// attempt `attempt` (a retry, or the job again after a crash between firing and delivering). A trigger that
    /// came early (the reminder moved later since) puts the job back at the new time.
    func fire(_ id: UUID, attempt: Int, context: FunctionContext) async throws {
        var logger = context.logger
        logger.metadata["reminder.id"] = .string(id.uuidString.lowercased())
        guard let reminder = try await reminders.get(id: id) else {
            logger.warning("Job for an unknown reminder; nothing fired")
            return
        }
        if reminder.status == .fired {
            let task = try await tasks.get(id: reminder.taskID, userID: reminder.userID)
            try await deliver(reminder, task: task, attempt: max(attempt, 2), context: context)
            return
        }
        guard reminder.status == .pending else {
            logger.info("Reminder is \(reminder.status) already; nothing fired")
            return
        }
        guard let task = try await tasks.get(id: reminder.taskID, userID: reminder.userID), task.status == .pending else {
            logger.info("Reminder's task is closed; nothing fired")
            try await jobs.reconcile(id, context: context)
            return
        }
        let firedAt = now()
        guard firedAt.addingTimeInterval(0.5) >= reminder.triggerAt else {
            logger.info("Job came before the reminder's time (it moved); scheduled again")
            try await jobs.reconcile(id, context: context)
            return
        }
        let lateness = Self.milliseconds(firedAt.timeIntervalSince(reminder.triggerAt))
        let event = try triggeredEvent(reminder, task: task, firedAt: firedAt)
        let fired = try await reminders.transition(id: id, from: [.pending], to: .fired) { _ in
            [try OutboxMessage(event, topic: ReminderTriggered.eventType.topic.rawValue)]
        }
        guard let fired else {
            logger.info("Another trigger fired the reminder first")
            return
        }
        relay.notify()
        logger.info(
            "Reminder fired", metadata: ["reminder.latenessMs": "\(lateness)", "reminder.late": "\(lateness > 1_000)"])
        try await deliver(fired, task: task, attempt: 1, context: context)
    }

    /// Whole milliseconds of `seconds`, at least 0.
    static func milliseconds(_ seconds: Double) -> Int { max(0, Int((seconds * 1_000).rounded())) }
}
