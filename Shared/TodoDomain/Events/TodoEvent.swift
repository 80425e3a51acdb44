package import CloudEvents

/// Any catalogue event, decoded: what a subscriber switches over.
///
/// ```swift
/// switch try TodoEvent(event) {
/// case .taskCompleted(let completed): …
/// default: return .success
/// }
/// ```
package enum TodoEvent: Sendable, Equatable {
    case taskCreated(TaskCreated)
    case taskUpdated(TaskUpdated)
    case taskCompleted(TaskCompleted)
    case taskDeleted(TaskDeleted)
    case reminderScheduled(ReminderScheduled)
    case reminderTriggered(ReminderTriggered)
    case reminderDelivered(ReminderDelivered)
    case reminderFailed(ReminderFailed)
    case recurringTaskGenerated(RecurringTaskGenerated)
    case reminderCancelled(ReminderCancelled)

    /// Decodes the payload by the event's `type`.
    /// - Throws: `CloudEventError.invalidData` for a type outside the catalogue or a payload that does not decode.
    package init(_ event: CloudEvent) throws(CloudEventError) {
        switch event.type {
        case TaskCreated.eventType.type: self = .taskCreated(try event.todoPayload(TaskCreated.self))
        case TaskUpdated.eventType.type: self = .taskUpdated(try event.todoPayload(TaskUpdated.self))
        case TaskCompleted.eventType.type: self = .taskCompleted(try event.todoPayload(TaskCompleted.self))
        case TaskDeleted.eventType.type: self = .taskDeleted(try event.todoPayload(TaskDeleted.self))
        case ReminderScheduled.eventType.type: self = .reminderScheduled(try event.todoPayload(ReminderScheduled.self))
        case ReminderTriggered.eventType.type: self = .reminderTriggered(try event.todoPayload(ReminderTriggered.self))
        case ReminderDelivered.eventType.type: self = .reminderDelivered(try event.todoPayload(ReminderDelivered.self))
        case ReminderFailed.eventType.type: self = .reminderFailed(try event.todoPayload(ReminderFailed.self))
        case RecurringTaskGenerated.eventType.type:
            self = .recurringTaskGenerated(try event.todoPayload(RecurringTaskGenerated.self))
        case ReminderCancelled.eventType.type: self = .reminderCancelled(try event.todoPayload(ReminderCancelled.self))
        default:
            throw CloudEventError(.invalidData, "event type \(event.type) is not in the catalogue", attribute: "type")
        }
    }

    /// The payload, type-erased.
    package var payload: any TodoEventPayload {
        switch self {
        case .taskCreated(let payload): payload
        case .taskUpdated(let payload): payload
        case .taskCompleted(let payload): payload
        case .taskDeleted(let payload): payload
        case .reminderScheduled(let payload): payload
        case .reminderTriggered(let payload): payload
        case .reminderDelivered(let payload): payload
        case .reminderFailed(let payload): payload
        case .recurringTaskGenerated(let payload): payload
        case .reminderCancelled(let payload): payload
        }
    }
}
