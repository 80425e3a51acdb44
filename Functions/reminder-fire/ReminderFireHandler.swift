import CloudEvents
import DaprSubscriber
import EventRelay
import FoundationEssentials
import FunctionRuntime
import Storage
import TodoDomain

/// reminder-fire: owns the reminder jobs (a Dapr job fires only on the app that scheduled it) and fires reminders.
///
/// - `reminder-events` and `task-events` (dead letters to `<topic>-dead-letters`): ReminderScheduled,
///   ReminderCancelled, TaskCompleted and TaskDeleted bring the job `reminder-<id>` of each reminder named in line
///   with the database (``ReminderJobs/reconcile(_:context:)``): scheduled at its trigger time while the reminder is
///   pending and its task open, deleted otherwise. Reading the row, not the event, makes redelivered and reordered
///   events harmless. Other catalogue events: SUCCESS. An event that is not ours or does not decode: DROP, one line.
/// - `POST /job/reminder-<id>` (``fire(_:attempt:context:)``): still pending and the task open → compare-and-set to
///   fired and ReminderTriggered (with how late it fired) in one transaction, then pushed through ws-fanout and
///   recorded as ReminderDelivered or ReminderFailed (``deliver(_:task:attempt:context:)``); fired already → the
///   next delivery attempt; anything else fires nothing and answers 200.
/// - `outbox-relay-cron`: publishes what a crashed relay left behind.
struct ReminderFireHandler: RoutedFunction, CloudEventFunction, JobFunction, BindingFunction {
    static let bindingName = "outbox-relay-cron"
    static let subscriptions = ["reminder-events", "task-events"].map { topic in
        DaprSubscription(
            pubsub: "todo-pubsub", topic: topic, route: "/events/\(topic)", deadLetterTopic: "\(topic)-dead-letters",
            bulk: .init(maxMessagesCount: 100, maxAwaitDurationMs: 10))
    }
    static let routes = Router<Self>().subscriptions().jobs().binding()

    let tasks: any TaskStore
    let reminders: any ReminderStore
    let jobs: ReminderJobs
    let relay: OutboxRelayWorker
    /// Where ReminderFailed goes when it changes no row (an attempt that will be retried).
    let outbox: any OutboxStore
    /// ws-fanout's delivery of one event.
    let pusher: ReminderPush
    var factory = TodoEventFactory()
    var now: @Sendable () -> Date = { Date() }

    func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
        let decoded: TodoEvent
        do {
            decoded = try TodoEvent(event)
        } catch {
            context.logger.warning(
                "Dropping an event reminder-fire cannot read",
                metadata: ["event.id": "\(event.id)", "event.type": "\(event.type)", "error": "\(error)"])
            return .drop
        }
        let ids: [String]
        switch decoded {
        case .reminderScheduled(let scheduled): ids = [scheduled.reminderId]
        case .reminderCancelled(let cancelled): ids = [cancelled.reminderId]
        case .taskCompleted(let completed): ids = completed.reminderIds
        case .taskDeleted(let deleted): ids = deleted.reminderIds
        default: return .success
        }
        let uuids = ids.compactMap { UUID(uuidString: $0) }
        guard uuids.count == ids.count else {
            context.logger.warning(
                "Dropping an event whose reminder id is not a UUID", metadata: ["event.id": "\(event.id)"])
            return .drop
        }
        for id in uuids { try await jobs.reconcile(id, context: context) }
        return .success
    }

    /// A job trigger: `reminder-<uuid>` fires its reminder once; any other name is logged and answered 200 (no retry).
    func handle(_ job: DaprJobTrigger, context: FunctionContext) async throws {
        guard job.name.hasPrefix("reminder-"), let id = UUID(uuidString: String(job.name.dropFirst("reminder-".count)))
        else {
            context.logger.warning("Ignoring a job that is not reminder-<uuid>", metadata: ["job": "\(job.name)"])
            return
        }
        try await fire(id, attempt: Self.attempt(in: job.data), context: context)
    }

    /// The delivery attempt a trigger's data names (`"attempt"`, set on retries); 1 when it names none.
    static func attempt(in data: [UInt8]) -> Int {
        struct Data: Decodable { var attempt: Int? }
        let attempt = (try? JSONDecoder().decode(Data.self, from: FoundationEssentials.Data(data)))?.attempt ?? 1
        return min(max(attempt, 1), maxAttempts)
    }

    /// The cron binding's sweep: publishes what a crashed relay left behind.
    func handle(_ event: DaprBindingEvent, context: FunctionContext) async throws {
        try await relay.relayNow()
    }
}
