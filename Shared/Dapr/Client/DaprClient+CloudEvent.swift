package import CloudEvents

extension DaprClient {
    /// Publishes a CloudEvent in structured mode (`application/cloudevents+json`): daprd keeps its id, so consumers
    /// can dedupe and the call is safe to retry.
    /// - Parameters:
    ///   - event: the event (the system's events carry the user id, which is the partition key).
    ///   - partitionKey: `metadata.partitionKey`, so one key's events keep their order.
    /// - Throws: `DaprError`.
    package func publish(pubsub: String, topic: String, event: CloudEvent, partitionKey: String?) async throws {
        try await publish(pubsub: pubsub, topic: topic, cloudEventJSON: event.jsonBytes(), partitionKey: partitionKey)
    }
}
