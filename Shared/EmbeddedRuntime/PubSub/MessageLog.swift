import FoundationEssentials
package import SQLiteClient

/// The durable append-only log per (pubsub, topic) and the consumer position of each subscription
/// (app-id + pubsub + topic), in the runtime's SQLite file.
package struct MessageLog: Sendable {
    private let database: SQLiteDatabase

    /// Wraps the runtime database.
    package init(database: SQLiteDatabase) { self.database = database }

    /// Appends `messages` in one transaction (shared with concurrent publishes by group commit).
    /// - Returns: their sequence numbers, once committed.
    /// - Throws: `SQLiteError`.
    @discardableResult
    package func append(_ messages: [LogMessage]) async throws -> [Int64] {
        let now = Date().timeIntervalSince1970
        return try await database.write { connection in
            var sequences: [Int64] = []
            for message in messages {
                // `seq` is the rowid: read back with `lastInsertRowID`, as `RETURNING seq` makes SQLite build a
                // temporary b-tree per insert.
                try connection.query(
                    """
                    INSERT INTO pubsub_log(pubsub, topic, partition_key, body, traceparent, tracestate, expires_at,
                        raw, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                    """,
                    [
                        .text(message.pubsub), .text(message.topic), message.partitionKey.map { .text($0) } ?? .null,
                        .blob(message.body), message.traceparent.map { .text($0) } ?? .null,
                        message.tracestate.map { .text($0) } ?? .null, message.expiresAt.map { .real($0) } ?? .null,
                        .integer(message.raw ? 1 : 0), .real(now),
                    ])
                sequences.append(connection.lastInsertRowID)
            }
            return sequences
        }
    }

    /// Up to `limit` messages of a topic with a sequence number above `after`, in order.
    /// - Throws: `SQLiteError`.
    package func read(pubsub: String, topic: String, after: Int64, limit: Int) async throws -> [LogMessage] {
        try await database.read { connection in
            try connection.query(
                """
                SELECT seq, partition_key, body, traceparent, tracestate, expires_at, raw FROM pubsub_log
                WHERE pubsub = ?1 AND topic = ?2 AND seq > ?3 ORDER BY seq LIMIT ?4
                """, [.text(pubsub), .text(topic), .integer(after), .integer(Int64(limit))]
            ).map { row in
                LogMessage(
                    seq: row[0].integer ?? 0, pubsub: pubsub, topic: topic, partitionKey: row[1].text,
                    body: row[2].blob ?? [], traceparent: row[3].text, tracestate: row[4].text,
                    expiresAt: row[5].real, raw: row[6].integer == 1)
            }
        }
    }

    /// The committed position of a subscription (every message up to it is done), 0 when it never consumed.
    /// - Throws: `SQLiteError`.
    package func position(appID: String, pubsub: String, topic: String) async throws -> Int64 {
        try await database.read { connection in
            try connection.query(
                "SELECT position FROM pubsub_positions WHERE app_id = ?1 AND pubsub = ?2 AND topic = ?3",
                [.text(appID), .text(pubsub), .text(topic)]
            ).first?[0].integer ?? 0
        }
    }

    /// Stores the committed position of a subscription.
    /// - Throws: `SQLiteError`.
    package func setPosition(_ position: Int64, appID: String, pubsub: String, topic: String) async throws {
        _ = try await database.write { connection in
            try connection.query(
                """
                INSERT INTO pubsub_positions(app_id, pubsub, topic, position) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT(app_id, pubsub, topic) DO UPDATE SET position = max(position, excluded.position)
                """, [.text(appID), .text(pubsub), .text(topic), .integer(position)])
        }
    }

    /// Deletes the messages every subscription of their topic has consumed (retention). Topics nobody ever
    /// subscribed to keep their messages, so a first subscriber still reads them from the oldest (Kafka's
    /// `initialOffset: oldest` of `dapr/components/pubsub.yaml`).
    /// - Returns: the number of messages deleted.
    /// - Throws: `SQLiteError`.
    @discardableResult
    package func purgeConsumed() async throws -> Int {
        try await database.write { connection in
            try connection.query(
                """
                DELETE FROM pubsub_log WHERE seq <= (SELECT min(position) FROM pubsub_positions p
                    WHERE p.pubsub = pubsub_log.pubsub AND p.topic = pubsub_log.topic)
                """)
            return connection.changes
        }
    }

    /// Records a message a subscription dropped without a dead-letter topic.
    /// - Throws: `SQLiteError`.
    package func recordDrop(_ message: LogMessage, appID: String, reason: String) async throws {
        let now = Date().timeIntervalSince1970
        _ = try await database.write { connection in
            try connection.query(
                "INSERT INTO pubsub_dropped(app_id, pubsub, topic, seq, reason, dropped_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                [
                    .text(appID), .text(message.pubsub), .text(message.topic), .integer(message.seq), .text(reason),
                    .real(now),
                ])
        }
    }

    /// The drops recorded for an app (tests, diagnostics): (topic, seq, reason).
    /// - Throws: `SQLiteError`.
    package func drops(appID: String) async throws -> [(topic: String, seq: Int64, reason: String)] {
        try await database.read { connection in
            try connection.query(
                "SELECT topic, seq, reason FROM pubsub_dropped WHERE app_id = ?1 ORDER BY rowid", [.text(appID)]
            ).map { ($0[0].text ?? "", $0[1].integer ?? 0, $0[2].text ?? "") }
        }
    }
}
