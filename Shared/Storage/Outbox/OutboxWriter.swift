import FoundationEssentials

/// Writes outbox rows inside a caller's transaction.
enum OutboxWriter {
    private static let columns = ["event_id", "topic", "partition_key", "event_type", "payload", "created_at"]
    /// The one-row INSERT, built once (most mutations write one event).
    private static let single = "INSERT INTO outbox (\(columns.joined(separator: ", "))) VALUES ($1, $2, $3, $4, $5, $6)"

    /// The column list of an outbox insert, in the order of ``row(_:createdAt:)``.
    static let columnList = columns.joined(separator: ", ")

    /// The binds of one outbox row.
    static func row(_ message: OutboxMessage, createdAt: Date) -> [SQLValue] {
        [
            .uuid(message.eventID), .text(message.topic), .text(message.partitionKey), .text(message.eventType),
            .bytes(message.payload), .date(createdAt),
        ]
    }

    /// Inserts `messages` in order, stamped `createdAt` (default now); `queued`: each row with
    /// ``SQLExecutor/enqueue(_:_:)`` (sent with the next statement read or the COMMIT).
    static func write(
        _ messages: [OutboxMessage], to executor: any SQLExecutor, createdAt: Date = Date(), queued: Bool = false
    ) throws {
        guard !messages.isEmpty else { return }
        let rows = messages.map { row($0, createdAt: createdAt) }
        if queued {
            for row in rows { try executor.enqueue(single, row) }
        } else if rows.count == 1 {
            try executor.execute(single, rows[0])
        } else {
            try executor.insertRows(into: "outbox", columns: columns, rows: rows)
        }
    }
}
