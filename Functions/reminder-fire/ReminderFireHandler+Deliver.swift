import CloudEvents
import Dapr
import EventRelay
import FoundationEssentials
import FunctionRuntime
import Storage
import TodoDomain

/// Delivering a fired reminder: pushed through ws-fanout, then ReminderDelivered or ReminderFailed.
extension ReminderFireHandler {
    /// Delivery attempts before ReminderFailed says `willRetry: false`.
    static let maxAttempts = 5

    /// Seconds from failed attempt `attempt` to the next one.
    static func retryDelay(after attempt: Int) -> Int { [5, 15, 30, 60][min(max(attempt, 1), 4) - 1] }

    /// Attempt `attempt` at delivering fired reminder `reminder` of `task`: pushes its ReminderTriggered through
    /// ws-fanout (into the user's replay history, and to the gateway replicas holding the user). Reaching at least
    /// one open connection moves the reminder from fired to delivered and writes ReminderDelivered, in one
    /// transaction (compare-and-set: recorded once however often it is pushed). Reaching none, or failing to push,
    /// writes ReminderFailed: `willRetry` with the job `reminder-<id>` set again for the next attempt, until the
    /// last one moves the reminder to failed. Either way the reminder waits in the history for the browser's next
    /// reconnect. A task closed meanwhile ends it: failed, no retry.
    func deliver(_ reminder: ReminderRecord, task: TaskRecord?, attempt: Int, context: FunctionContext) async throws {
        var logger = context.logger
        logger.metadata["reminder.id"] = .string(reminder.id.uuidString.lowercased())
        logger.metadata["reminder.attempt"] = "\(attempt)"
        guard let task, task.status == .pending else {
            try await recordFailure(reminder, reason: "the task was closed before delivery", attempt: attempt, final: true)
            logger.info("Reminder's task closed before delivery; not retried")
            return
        }
        let reason: String
        do {
            let connections = try await pusher.push(try triggeredEvent(reminder, task: task))
            if connections > 0 {
                try await recordDelivery(reminder, attempt: attempt, logger: logger)
                return
            }
            reason = "no open connection"
        } catch {
            reason = "push failed: \(error)"
        }
        let final = attempt >= Self.maxAttempts
        if !final {
            try await jobs.retry(
                reminder.id, at: now().addingTimeInterval(Double(Self.retryDelay(after: attempt))), attempt: attempt + 1)
        }
        try await recordFailure(reminder, reason: reason, attempt: attempt, final: final)
        logger.info(
            "Reminder not delivered",
            metadata: ["reason": .string(String(reason.prefix(300))), "reminder.willRetry": "\(!final)"])
    }

    /// The ReminderTriggered of `reminder`, the same event on every attempt: its id is the reminder's (a reminder
    /// fires once), so ws-fanout's history gives a repeat its first seq and the gateway drops it where it was seen.
    func triggeredEvent(_ reminder: ReminderRecord, task: TaskRecord, firedAt: Date? = nil) throws -> CloudEvent {
        let triggeredAt = firedAt ?? reminder.updatedAt
        let payload = ReminderTriggered(
            reminderId: reminder.id.uuidString.lowercased(), taskId: reminder.taskID.uuidString.lowercased(),
            userId: reminder.userID, title: task.title, remindAt: reminder.triggerAt, triggeredAt: triggeredAt,
            dueAt: task.dueAt, latenessMs: Self.milliseconds(triggeredAt.timeIntervalSince(reminder.triggerAt)))
        var fixed = factory
        let id = reminder.id.uuidString.lowercased()
        fixed.makeID = { id }
        fixed.now = { triggeredAt }
        return try fixed.makeEvent(payload, traceparent: nil)
    }

    private func recordDelivery(_ reminder: ReminderRecord, attempt: Int, logger: Logger) async throws {
        let deliveredAt = now()
        let delivered = try await reminders.transition(id: reminder.id, from: [.fired], to: .delivered) { [factory] stored in
            let payload = ReminderDelivered(
                reminderId: stored.id.uuidString.lowercased(), taskId: stored.taskID.uuidString.lowercased(),
                userId: stored.userID, deliveredAt: deliveredAt, channel: "websocket", attempt: attempt)
            return [try OutboxMessage(try factory.makeEvent(payload), topic: ReminderDelivered.eventType.topic.rawValue)]
        }
        guard delivered != nil else {
            logger.info("Another attempt recorded the delivery first")
            return
        }
        relay.notify()
        logger.info("Reminder delivered")
    }

    /// ReminderFailed for `attempt`: with the move to failed when it is the last (compare-and-set), else on its own.
    private func recordFailure(_ reminder: ReminderRecord, reason: String, attempt: Int, final: Bool) async throws {
        let payload = ReminderFailed(
            reminderId: reminder.id.uuidString.lowercased(), taskId: reminder.taskID.uuidString.lowercased(),
            userId: reminder.userID, failedAt: now(), reason: String(reason.prefix(300)), attempt: attempt,
            willRetry: !final)
        let message = try OutboxMessage(try factory.makeEvent(payload), topic: ReminderFailed.eventType.topic.rawValue)
        if final {
            guard try await reminders.transition(id: reminder.id, from: [.fired], to: .failed, events: { _ in [message] }) != nil
            else { return }
        } else {
            try await outbox.append([message])
        }
        relay.notify()
    }
}
