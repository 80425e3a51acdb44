import DaprSubscriber
import EventRelay
import FoundationEssentials
import FunctionRuntime
import Recurrence
import Schedules
import Storage
import TodoDomain

/// The steps of one completion (see ``RecurrenceGenerateHandler``).
extension RecurrenceGenerateHandler {
    func generate(
        after completed: TaskCompleted, _ recurrence: TaskRecurrence, eventID: String, context: FunctionContext
    ) async throws -> DaprEventStatus {
        var logger = context.logger
        logger.metadata["event.id"] = .string(eventID)
        logger.metadata["rule.id"] = .string(recurrence.ruleId)
        guard let ruleID = UUID(uuidString: recurrence.ruleId) else {
            logger.warning("Dropping a completion whose rule id is not a UUID")
            return .drop
        }
        guard let rule = try await rules.get(id: ruleID, userID: completed.userId) else {
            logger.warning("Completion of a series whose rule does not exist; nothing generated")
            _ = try await processed.markProcessed(consumer: Self.consumer, eventID: eventID)
            return .success
        }
        guard rule.active else {
            logger.info("The series has ended or was stopped; nothing generated")
            _ = try await processed.markProcessed(consumer: Self.consumer, eventID: eventID)
            return .success
        }
        let next: Date?
        do {
            next = try Self.nextDue(after: completed, rule: rule, occurrence: recurrence.occurrence)
        } catch {
            logger.warning("Dropping a completion whose rule the engine refuses", metadata: ["error": "\(error)"])
            return .drop
        }
        guard let next else {
            if try await processed.finishRule(ruleID: ruleID, consumer: Self.consumer, eventID: eventID) {
                logger.info("Series finished (COUNT or UNTIL reached)")
            }
            return .success
        }
        let occurrence = recurrence.occurrence + 1
        var carried: [OccurrenceReminder] = []
        if let taskID = UUID(uuidString: completed.task.id) {
            carried = OccurrenceReminder.carried(
                try await reminders.list(taskID: taskID),
                cancelledByCompletion: Set(completed.reminderIds.map { $0.lowercased() }), previousDue: completed.task.dueAt,
                nextDue: next)
        }
        let created = try await occurrences.create(
            after: completed.task, ruleID: recurrence.ruleId, occurrence: occurrence, dueAt: next, reminders: carried)
        let previous = completed.task.id
        let recorded = try await processed.recordOccurrence(
            ruleID: ruleID, occurrence: occurrence, consumer: Self.consumer, eventID: eventID
        ) { [factory] stored in
            var task = created
            task.recurrence = TaskRecurrence(
                ruleId: recurrence.ruleId, rule: stored.rrule, occurrence: occurrence, anchor: stored.anchor.rawValue)
            let payload = RecurringTaskGenerated(
                task: task, previousTaskId: previous, ruleId: recurrence.ruleId, occurrence: occurrence)
            let event = try factory.makeEvent(payload, traceparent: nil)
            return [try OutboxMessage(event, topic: RecurringTaskGenerated.eventType.topic.rawValue)]
        }
        if recorded != nil {
            relay.notify()
            logger.info("Next task of the series created", metadata: ["task.id": "\(created.id)", "occurrence": "\(occurrence)"])
        } else {
            logger.info("Next task existed already; nothing more written", metadata: ["occurrence": "\(occurrence)"])
        }
        return .success
    }

    /// The due time of the task after `completed` (occurrence `occurrence` of `rule`), or nil when the series ends
    /// with it: COUNT counts the tasks of the series, UNTIL bounds the due times.
    /// - Throws: `RecurrenceError` for rule text the engine refuses, `ZoneInfoError` for an unknown zone.
    static func nextDue(after completed: TaskCompleted, rule: RecurrenceRuleRecord, occurrence: Int) throws -> Date? {
        guard let due = completed.task.dueAt else { return nil }
        let parsed = try RecurrenceRule(parsing: rule.rrule)
        let zone = try completed.task.timeZone.map { name throws(ScheduleError) in try ZoneInfo.named(name) } ?? .utc
        return Recurrence.nextDue(
            rule: parsed, due: due, zone: zone, fromCompletion: rule.anchor == .completion, now: completed.completedAt,
            occurrencesBefore: occurrence - 1)
    }
}
