package import CloudEvents
package import FoundationEssentials
import JSON

/// Turns a catalogue payload into a CloudEvent, with an injected clock and id generator.
///
/// ```swift
/// let factory = TodoEventFactory()
/// let event = try factory.makeEvent(TaskCreated(task: task), traceparent: context.traceparent)
/// try await dapr.publish(event, pubsub: TodoTopic.pubsubName, topic: TaskCreated.eventType.topic.rawValue,
///                        partitionKey: task.userId)
/// ```
package struct TodoEventFactory: Sendable {
    /// The clock that stamps `time`.
    package var now: @Sendable () -> Date
    /// The generator of event ids.
    package var makeID: @Sendable () -> String

    /// Creates a factory; by default the wall clock and lower-case random UUIDs.
    package init(
        now: @escaping @Sendable () -> Date = { Date() },
        makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.now = now
        self.makeID = makeID
    }

    /// Builds the event for `payload`: catalogue `type` and `source`, `subject` = task id, `time` = now,
    /// `datacontenttype` = `application/json`, the `partitionkey` extension = user id, and the trace context.
    /// - Parameters:
    ///   - payload: the typed payload.
    ///   - source: overrides the catalogue's emitting function (rarely needed).
    ///   - traceparent: the W3C traceparent to carry, if any.
    ///   - tracestate: the W3C tracestate to carry, if any.
    /// - Returns: a valid event.
    /// - Throws: when the payload cannot be encoded or the result is not a valid event.
    package func makeEvent<Payload: TodoEventPayload>(
        _ payload: Payload, source: String? = nil, traceparent: String? = nil, tracestate: String? = nil
    ) throws -> CloudEvent {
        let entry = Payload.eventType
        var event = CloudEvent(
            id: makeID(), source: source ?? entry.source, type: entry.type, datacontenttype: "application/json",
            subject: payload.taskId, time: RFC3339.format(now()),
            data: try .json(payload, encoder: TodoJSON.encoder()))
        event.extensions["partitionkey"] = .string(payload.userId)
        if let traceparent, !traceparent.isEmpty { event.traceparent = traceparent }
        if let tracestate, !tracestate.isEmpty { event.tracestate = tracestate }
        try event.validate()
        return event
    }
}
