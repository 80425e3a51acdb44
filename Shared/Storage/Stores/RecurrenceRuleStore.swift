package import FoundationEssentials

/// Stores recurrence rules.
package protocol RecurrenceRuleStore: Sendable {
    /// Inserts an active rule with no occurrences generated.
    func create(_ rule: NewRecurrenceRule) async throws -> RecurrenceRuleRecord

    /// The rule with `id` owned by `userID`, if any.
    func get(id: UUID, userID: String) async throws -> RecurrenceRuleRecord?

    /// Adds one to `occurrencesGenerated` when it equals `expectedOccurrences` (so a duplicate call for the same
    /// occurrence does nothing), deactivating the rule when it reaches `endAfterCount`.
    /// - Returns: the rule after the change, or nil when the count had already moved on.
    /// - Throws: ``StorageError`` `.notFound`.
    func recordOccurrence(id: UUID, expectedOccurrences: Int64) async throws -> RecurrenceRuleRecord?

    /// Turns generation on or off.
    /// - Throws: ``StorageError`` `.notFound`.
    func setActive(id: UUID, userID: String, active: Bool) async throws -> RecurrenceRuleRecord
}
