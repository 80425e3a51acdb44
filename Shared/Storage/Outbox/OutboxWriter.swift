import FoundationEssentials

/// Writes outbox rows inside a caller's transaction.
enum OutboxWriter {
    /// Inserts `messages` in order, stamped `createdAt` (default now).
    static func write(_ messages: [OutboxMessage], to executor: any SQLExecutor, createdAt: Date = Date()) throws {
        guard !messages.isEmpty else { return }
        try executor.insertRows(
            into: "outbox", columns: ["event_id", "topic", "partition_key", "event_type", "payload", "created_at"],
            rows:
                messages.map { message in
                    [
                        .uuid(message.eventID), .text(message.topic), .text(message.partitionKey), .text(message.eventType),
                        .bytes(message.payload), .date(createdAt),
                    ]
                })
    }
}
