package import Dapr
package import Storage

/// Publishes outbox events through the Dapr HTTP API: the stored CloudEvent JSON as it is, to `todo-pubsub`, with
/// the user id as `metadata.partitionKey` so one user's events keep their order.
package struct DaprEventPublisher: EventPublisher {
    private let dapr: any DaprClient
    private let pubsub: String

    /// Makes a publisher.
    /// - Parameters:
    ///   - dapr: the Dapr client.
    ///   - pubsub: the pub/sub component (default `todo-pubsub`).
    package init(dapr: any DaprClient, pubsub: String = "todo-pubsub") {
        self.dapr = dapr
        self.pubsub = pubsub
    }

    /// Publishes one event; returns once Dapr accepted it.
    package func publish(_ event: OutboxEvent) async throws {
        try await dapr.publish(
            pubsub: pubsub, topic: event.message.topic, cloudEventJSON: event.message.payload,
            partitionKey: event.message.partitionKey)
    }
}
