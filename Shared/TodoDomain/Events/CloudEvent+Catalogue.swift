package import CloudEvents

extension CloudEvent {
    /// Why this event is not one the system emits, or nil when it is: one of the nine catalogue types
    /// (`docs/events.md`), from that type's emitting function (`source`), on that type's topic (when the delivery
    /// names one), about the task its payload names (`subject`), partitioned by the payload's user (`partitionkey`,
    /// byte for byte), with a payload that decodes as the type's schema. audit-log records only events that pass.
    ///
    /// These are consistency checks on what a publisher claims: they keep foreign, malformed and mis-attributed events
    /// out, but a caller allowed to publish to the topic can still send a well-formed event in the name of any
    /// function; that is what the Dapr API token and the topics' publishing scopes are for.
    ///
    /// ```swift
    /// if let refusal = event.catalogueRefusal { logger.warning("Dropped", metadata: ["reason": "\(refusal)"]) }
    /// ```
    package var catalogueRefusal: String? {
        let event = self
        let decoded: TodoEvent
        do {
            decoded = try TodoEvent(event)
        } catch {
            return error.message
        }
        let payload = decoded.payload
        let entry = Swift.type(of: payload).eventType
        guard event.source == entry.source else { return "\(entry.name) comes from \(entry.source), not \(event.source)" }
        if let topic = event.extensions["topic"]?.stringValue, topic != entry.topic.rawValue {
            return "\(entry.name) is published on \(entry.topic.rawValue), not \(topic)"
        }
        if let subject = event.subject, !subject.utf8.elementsEqual(payload.taskId.utf8) {
            return "the subject is not the payload's task id"
        }
        guard let partitionKey = event.partitionKey else { return "the event has no partitionkey" }
        guard partitionKey.utf8.elementsEqual(payload.userId.utf8) else {
            return "the partitionkey is not the payload's user id"
        }
        return nil
    }
}
