import Synchronization
import Wakeup

/// Routes publishes to the consumers of their topic: appends to the log, then wakes every consumer of
/// (pubsub, topic) so delivery starts without a polling delay.
final class DeliveryHub: Sendable {
    let log: MessageLog
    private let consumers = Mutex<[String: [SubscriptionConsumer]]>([:])

    init(log: MessageLog) { self.log = log }

    private static func key(_ pubsub: String, _ topic: String) -> String { pubsub + "\u{0}" + topic }

    /// Registers a consumer for wake-ups.
    func register(_ consumer: SubscriptionConsumer) {
        let key = DeliveryHub.key(consumer.subscription.pubsub, consumer.subscription.topic)
        consumers.withLock { $0[key, default: []].append(consumer) }
    }

    /// Every registered consumer.
    var all: [SubscriptionConsumer] { consumers.withLock { $0.values.flatMap { $0 } } }

    /// Removes every consumer (after they stopped).
    func removeAll() { consumers.withLock { $0.removeAll() } }

    /// Durably appends `messages`, then wakes their topics' consumers.
    /// - Throws: `SQLiteError`.
    func publish(_ messages: [LogMessage]) async throws {
        try await log.append(messages)
        var keys = Set<String>()
        for message in messages { keys.insert(DeliveryHub.key(message.pubsub, message.topic)) }
        let targets = consumers.withLock { table in keys.flatMap { table[$0] ?? [] } }
        for consumer in targets { consumer.signal.wake() }
    }
}
