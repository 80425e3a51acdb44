import CloudEvents
import DaprSubscriber
import EventRelay
import FoundationEssentials
import FunctionRuntime
import Recurrence
import Schedules
import Storage
import TodoDomain

/// recurrence-generate: on TaskCompleted of a task with a rule, creates the series' next task exactly once.
///
/// 1. The event id already in `processed_events` → SUCCESS (a redelivery).
/// 2. The next due time from the shared RRULE engine (``Recurrence/nextDue(rule:due:zone:fromCompletion:now:occurrencesBefore:)``),
///    honouring COUNT and UNTIL; none → the rule is marked finished with the event's mark, in one transaction.
/// 3. task-crud's `POST /internal/tasks` through Dapr service invocation with the generation key
///    `<rule id>:<occurrence + 1>`, with the completed task's reminders (relative ones re-anchored to the new due
///    time, absolute ones moved as far as the due time): a redelivered, reordered or concurrent completion gets the same task back.
/// 4. In one transaction: the event's mark, the rule's count moved to the new occurrence (compare-and-set) and,
///    only for the call that moved it, RecurringTaskGenerated in this function's outbox.
///
/// Other events: SUCCESS. Undecodable events, a rule id that is not a UUID, a rule text the engine refuses, a
/// request task-crud refuses (4xx): DROP with one log line (to `task-events-dead-letters`).
struct RecurrenceGenerateHandler: RoutedFunction, CloudEventFunction, BindingFunction {
    static let consumer = "recurrence-generate"
    static let bindingName = "outbox-relay-cron"
    static let subscriptions = [
        DaprSubscription(
            pubsub: "todo-pubsub", topic: "task-events", route: "/events/task-events",
            deadLetterTopic: "task-events-dead-letters", bulk: .init(maxMessagesCount: 100, maxAwaitDurationMs: 10))
    ]
    static let routes = Router<Self>().subscriptions().binding()

    let rules: any RecurrenceRuleStore
    let processed: any ProcessedEventStore
    /// The completed task's reminders, which the next task gets (``OccurrenceReminder``).
    let reminders: any ReminderStore
    let occurrences: OccurrenceClient
    let relay: OutboxRelayWorker
    var factory = TodoEventFactory()

    func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
        let decoded: TodoEvent
        do {
            decoded = try TodoEvent(event)
        } catch {
            context.logger.warning(
                "Dropping an event recurrence-generate cannot read",
                metadata: ["event.id": "\(event.id)", "event.type": "\(event.type)", "error": "\(error)"])
            return .drop
        }
        guard case .taskCompleted(let completed) = decoded, let recurrence = completed.task.recurrence else {
            return .success
        }
        if try await processed.isProcessed(consumer: Self.consumer, eventID: event.id) {
            context.logger.debug("Redelivered completion already handled", metadata: ["event.id": "\(event.id)"])
            return .success
        }
        do {
            return try await generate(after: completed, recurrence, eventID: event.id, context: context)
        } catch let refused as OccurrenceRefused {
            context.logger.warning(
                "Dropping a completion task-crud refused to continue",
                metadata: ["event.id": "\(event.id)", "error": "\(refused.message)"])
            return .drop
        }
    }

    /// The cron binding's sweep: publishes what a crashed relay left behind.
    func handle(_ event: DaprBindingEvent, context: FunctionContext) async throws {
        try await relay.relayNow()
    }
}
