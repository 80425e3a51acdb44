import FoundationEssentials

/// Writes outbox rows inside a caller's transaction.
enum OutboxWriter {
    static let insert = """
        INSERT INTO outbox (event_id, topic, partition_key, event_type, payload, created_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        """

    /// Inserts `messages` in order, stamped `createdAt` (default now).
    static func write(_ messages: [OutboxMessage], to executor: any SQLExecutor, createdAt: Date = Date()) throws {
        guard !messages.isEmpty else { return }
        try executor.executeBatch(
            insert,
            messages.map { message in
                [
                    .uuid(message.eventID), .text(message.topic), .text(message.partitionKey), .text(message.eventType),
                    .bytes(message.payload), .date(createdAt),
                ]
            })
    }
}
