/// Publishes one outbox event to the broker (the Dapr client implements it).
///
/// ```swift
/// struct DaprEventPublisher: EventPublisher {
///     let dapr: any DaprClient
///     func publish(_ event: OutboxEvent) async throws {
///         try await dapr.publish(pubsub: "todo-pubsub", topic: event.message.topic, cloudEvent: event.message.payload,
///                                metadata: ["partitionKey": event.message.partitionKey])
///     }
/// }
/// ```
package protocol EventPublisher: Sendable {
    /// Publishes `event`; returns once the broker accepted it.
    /// - Throws: when it was not accepted (the relay keeps the event for a later try).
    func publish(_ event: OutboxEvent) async throws
}
