package import FoundationEssentials

/// ``RecurrenceRuleStore`` on PostgreSQL or SQLite.
package struct SQLRecurrenceRuleStore: RecurrenceRuleStore {
    static let columns = """
        id, user_id, rrule, anchor, occurrences_generated, end_after_count, end_by, active, created_at, updated_at
        """
    private let database: any SQLDatabase
    private let now: @Sendable () -> Date

    /// Makes a store over `database`.
    package init(database: any SQLDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// ``RecurrenceRuleStore/create`` on this backend; see the protocol for the contract.
    package func create(_ new: NewRecurrenceRule) async throws -> RecurrenceRuleRecord {
        let now = now()
        let rule = RecurrenceRuleRecord(
            id: new.id, userID: new.userID, rrule: new.rrule, anchor: new.anchor, occurrencesGenerated: 0,
            endAfterCount: new.endAfterCount, endBy: new.endBy, active: true, createdAt: now, updatedAt: now)
        return try await database.transaction { executor in
            try Self.insert(new, at: now, into: executor)
            return rule
        }
    }

    /// Inserts `new` as an active rule created at `now` (also inside a task's transaction).
    static func insert(_ new: NewRecurrenceRule, at now: Date, into executor: any SQLExecutor) throws {
        try executor.execute(
            "INSERT INTO recurrence_rules (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            [
                .uuid(new.id), .text(new.userID), .text(new.rrule), .text(new.anchor.rawValue), .int(0),
                .optional(new.endAfterCount, SQLValue.int), .optional(new.endBy, SQLValue.date), .bool(true),
                .date(now), .date(now),
            ])
    }

    /// ``RecurrenceRuleStore/get`` on this backend; see the protocol for the contract.
    package func get(id: UUID, userID: String) async throws -> RecurrenceRuleRecord? {
        try await database.read { executor in
            try executor.query(
                "SELECT \(Self.columns) FROM recurrence_rules WHERE id = $1 AND user_id = $2", [.uuid(id), .text(userID)]
            ).first.map(Self.rule)
        }
    }

    /// ``RecurrenceRuleStore/recordOccurrence`` on this backend; see the protocol for the contract.
    package func recordOccurrence(id: UUID, expectedOccurrences: Int64) async throws -> RecurrenceRuleRecord? {
        let now = now()
        return try await database.transaction { executor in
            let updated = try executor.query(
                """
                UPDATE recurrence_rules SET occurrences_generated = occurrences_generated + 1, updated_at = $3,
                active = CASE WHEN end_after_count IS NOT NULL AND occurrences_generated + 1 >= end_after_count
                    THEN false ELSE active END
                WHERE id = $1 AND occurrences_generated = $2 RETURNING \(Self.columns)
                """, [.uuid(id), .int(expectedOccurrences), .date(now)])
            if let row = updated.first { return try Self.rule(row) }
            guard !(try executor.query("SELECT 1 FROM recurrence_rules WHERE id = $1", [.uuid(id)])).isEmpty else {
                throw StorageError(.notFound, message: "no recurrence rule \(id.uuidString.lowercased())")
            }
            return nil
        }
    }

    /// ``RecurrenceRuleStore/setActive`` on this backend; see the protocol for the contract.
    package func setActive(id: UUID, userID: String, active: Bool) async throws -> RecurrenceRuleRecord {
        let now = now()
        return try await database.transaction { executor in
            guard
                let row = try executor.query(
                    """
                    UPDATE recurrence_rules SET active = $3, updated_at = $4 WHERE id = $1 AND user_id = $2
                    RETURNING \(Self.columns)
                    """, [.uuid(id), .text(userID), .bool(active), .date(now)]
                ).first
            else {
                throw StorageError(.notFound, message: "no recurrence rule \(id.uuidString.lowercased()) for \(userID)")
            }
            return try Self.rule(row)
        }
    }

    static func rule(_ row: any SQLRow) throws -> RecurrenceRuleRecord {
        RecurrenceRuleRecord(
            id: try row.uuid(0).required("id"), userID: try row.string(1).required("user_id"),
            rrule: try row.string(2).required("rrule"), anchor: RecurrenceAnchor(rawValue: try row.string(3).required("anchor")),
            occurrencesGenerated: try row.int(4).required("occurrences_generated"), endAfterCount: try row.int(5),
            endBy: try row.date(6), active: try row.bool(7).required("active"),
            createdAt: try row.date(8).required("created_at"), updatedAt: try row.date(9).required("updated_at"))
    }
}
