package import FoundationEssentials

/// ``ProcessedEventStore`` on PostgreSQL or SQLite (the `processed_events` table, migration 7).
package struct SQLProcessedEventStore: ProcessedEventStore {
    private let database: any SQLDatabase
    private let now: @Sendable () -> Date

    /// Makes a store over `database`.
    package init(database: any SQLDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// ``ProcessedEventStore/isProcessed(consumer:eventID:)`` on this backend.
    package func isProcessed(consumer: String, eventID: String) async throws -> Bool {
        try await database.read { executor in
            !(try executor.query(
                "SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2", [.text(consumer), .text(eventID)]
            )).isEmpty
        }
    }

    /// ``ProcessedEventStore/markProcessed(consumer:eventID:)`` on this backend.
    package func markProcessed(consumer: String, eventID: String) async throws -> Bool {
        let now = now()
        return try await database.transaction { try Self.mark(consumer, eventID, at: now, $0) }
    }

    /// ``ProcessedEventStore/finishRule(ruleID:consumer:eventID:)`` on this backend.
    package func finishRule(ruleID: UUID, consumer: String, eventID: String) async throws -> Bool {
        let now = now()
        return try await database.transaction { executor in
            guard try Self.mark(consumer, eventID, at: now, executor) else { return false }
            try executor.execute(
                "UPDATE recurrence_rules SET active = $2, updated_at = $3 WHERE id = $1",
                [.uuid(ruleID), .bool(false), .date(now)])
            return true
        }
    }

    /// ``ProcessedEventStore/recordOccurrence(ruleID:occurrence:consumer:eventID:events:)`` on this backend.
    package func recordOccurrence(
        ruleID: UUID, occurrence: Int, consumer: String, eventID: String,
        events: @escaping OutboxEvents<RecurrenceRuleRecord>
    ) async throws -> RecurrenceRuleRecord? {
        let now = now()
        return try await database.transaction { executor in
            guard try Self.mark(consumer, eventID, at: now, executor) else { return nil }
            // Occurrence n of the series means n - 1 tasks generated after the first; only the call that moves the
            // count there writes the events.
            let generated = Int64(occurrence - 1)
            let updated = try executor.query(
                """
                UPDATE recurrence_rules SET occurrences_generated = $2, updated_at = $3
                WHERE id = $1 AND occurrences_generated < $2 RETURNING \(SQLRecurrenceRuleStore.columns)
                """, [.uuid(ruleID), .int(generated), .date(now)])
            guard let row = updated.first else {
                guard !(try executor.query("SELECT 1 FROM recurrence_rules WHERE id = $1", [.uuid(ruleID)])).isEmpty else {
                    throw StorageError(.notFound, message: "no recurrence rule \(ruleID.uuidString.lowercased())")
                }
                return nil
            }
            let rule = try SQLRecurrenceRuleStore.rule(row)
            try OutboxWriter.write(try events(rule), to: executor, createdAt: now)
            return rule
        }
    }

    /// Inserts the mark; false when it exists.
    private static func mark(_ consumer: String, _ eventID: String, at now: Date, _ executor: any SQLExecutor) throws
        -> Bool
    {
        try executor.execute(
            "INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [.text(consumer), .text(eventID), .date(now)]) == 1
    }
}
