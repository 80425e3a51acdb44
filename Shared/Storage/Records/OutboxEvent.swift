package import FoundationEssentials

/// An event to write to the outbox in the same transaction as the change it describes.
package struct OutboxMessage: Sendable, Hashable {
    /// The CloudEvent id; unique in the outbox, and the id consumers deduplicate on.
    package var eventID: UUID
    /// The pub/sub topic (`task-events`).
    package var topic: String
    /// The partition key: the user id, so one user's events keep their order.
    package var partitionKey: String
    /// The CloudEvent type (`com.todo.task.created.v1`).
    package var eventType: String
    /// The CloudEvent in JSON format, opaque to storage.
    package var payload: [UInt8]

    /// Makes a message.
    package init(eventID: UUID, topic: String, partitionKey: String, eventType: String, payload: [UInt8]) {
        self.eventID = eventID
        self.topic = topic
        self.partitionKey = partitionKey
        self.eventType = eventType
        self.payload = payload
    }
}

/// An event as the outbox holds it.
package struct OutboxEvent: Sendable, Hashable {
    /// The order in which events were written (per database).
    package var sequence: Int64
    /// The event.
    package var message: OutboxMessage
    /// When it was written.
    package var createdAt: Date
    /// When the relay marked it sent, nil while unsent.
    package var sentAt: Date?

    /// The CloudEvent id.
    package var eventID: UUID { message.eventID }
}
