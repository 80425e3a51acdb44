package import CloudEvents

extension CloudEvent {
    /// The catalogue entry of this event's `type`, or nil when it is not one of ours.
    package var todoEventType: TodoEventType? { TodoEventType(type: type) }

    /// The user id this event is partitioned by (the `partitionkey` extension), if any.
    package var partitionKey: String? { extensions["partitionkey"]?.stringValue }

    /// Decodes the payload as `Payload`, after checking the event's `type` is `Payload`'s.
    /// - Parameter payload: the expected payload type.
    /// - Returns: the payload.
    /// - Throws: `CloudEventError.invalidData` for another type or a payload that does not decode.
    package func todoPayload<Payload: TodoEventPayload>(_ payload: Payload.Type) throws(CloudEventError) -> Payload {
        guard type == Payload.eventType.type else {
            throw CloudEventError(
                .invalidData, "event type \(type) is not \(Payload.eventType.type)", attribute: "type")
        }
        return try decodeData(as: Payload.self, decoder: TodoJSON.decoder())
    }
}
