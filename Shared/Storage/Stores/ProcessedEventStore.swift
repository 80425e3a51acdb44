package import FoundationEssentials

/// What an event consumer writes in its own database: the idempotency mark of each event it handled
/// (`processed_events`), in the same transaction as the effect and the outbox events the effect causes, so a
/// redelivery finds the mark and changes nothing, and a crash keeps all of them or none.
package protocol ProcessedEventStore: Sendable {
    /// Whether `consumer` already handled `eventID`.
    func isProcessed(consumer: String, eventID: String) async throws -> Bool

    /// Marks `eventID` handled by `consumer` with no other effect (an event it ignores or cannot apply).
    /// - Returns: false when it was marked already.
    func markProcessed(consumer: String, eventID: String) async throws -> Bool

    /// Marks `eventID` and stops the recurrence rule `ruleID` (inactive: the series ended), in one transaction.
    /// - Returns: false, writing nothing, when the event was marked already.
    func finishRule(ruleID: UUID, consumer: String, eventID: String) async throws -> Bool

    /// Marks `eventID` and records that occurrence `occurrence` of rule `ruleID` exists, in one transaction; when
    /// this call is the first to record it (the rule had fewer occurrences generated), it also writes the outbox
    /// events `events` returns (given the rule after the change).
    /// - Returns: the rule when this call recorded the occurrence; nil (no events) when the mark existed or another
    ///   call recorded the occurrence first.
    /// - Throws: ``StorageError`` `.notFound` for an unknown rule.
    func recordOccurrence(
        ruleID: UUID, occurrence: Int, consumer: String, eventID: String,
        events: @escaping OutboxEvents<RecurrenceRuleRecord>
    ) async throws -> RecurrenceRuleRecord?
}
