/// Publishes one outbox event to the broker; `DaprEventPublisher` (target `EventRelay`) is the one functions use.
package protocol EventPublisher: Sendable {
    /// Publishes `event`; returns once the broker accepted it.
    /// - Throws: when it was not accepted (the relay keeps the event for a later try).
    func publish(_ event: OutboxEvent) async throws
}
