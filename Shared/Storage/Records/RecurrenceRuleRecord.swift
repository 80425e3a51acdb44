package import FoundationEssentials

/// A stored recurrence rule.
package struct RecurrenceRuleRecord: Sendable, Hashable {
    /// The rule id.
    package var id: UUID
    /// The owner.
    package var userID: String
    /// The RFC 5545 RRULE text (`FREQ=WEEKLY;BYDAY=MO`).
    package var rrule: String
    /// Whether the next occurrence counts from the schedule or from the completion.
    package var anchor: RecurrenceAnchor
    /// How many occurrences have been generated.
    package var occurrencesGenerated: Int64
    /// Stop after this many occurrences.
    package var endAfterCount: Int64?
    /// Stop after this instant.
    package var endBy: Date?
    /// Whether it still generates.
    package var active: Bool
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date
}

/// What a caller supplies to create a rule.
package struct NewRecurrenceRule: Sendable, Hashable {
    /// The id.
    package var id: UUID
    /// The owner.
    package var userID: String
    /// The RRULE text.
    package var rrule: String
    /// The anchor.
    package var anchor: RecurrenceAnchor
    /// Stop after this many.
    package var endAfterCount: Int64?
    /// Stop after this instant.
    package var endBy: Date?

    /// Makes a rule.
    package init(
        id: UUID = UUID(), userID: String, rrule: String, anchor: RecurrenceAnchor = .schedule,
        endAfterCount: Int64? = nil, endBy: Date? = nil
    ) {
        self.id = id
        self.userID = userID
        self.rrule = rrule
        self.anchor = anchor
        self.endAfterCount = endAfterCount
        self.endBy = endBy
    }

    /// The rule as stored when inserted at `now` (active, nothing generated yet).
    package func record(at now: Date) -> RecurrenceRuleRecord {
        RecurrenceRuleRecord(
            id: id, userID: userID, rrule: rrule, anchor: anchor, occurrencesGenerated: 0, endAfterCount: endAfterCount,
            endBy: endBy, active: true, createdAt: now, updatedAt: now)
    }
}

/// Where the next occurrence is counted from.
package struct RecurrenceAnchor: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The stored text.
    package let rawValue: String
    /// Makes an anchor from its stored text.
    package init(rawValue: String) { self.rawValue = rawValue }

    /// From the previous due time (Todoist `every`).
    package static let schedule = RecurrenceAnchor(rawValue: "schedule")
    /// From the completion time (Todoist `every!`).
    package static let completion = RecurrenceAnchor(rawValue: "completion")

    /// The stored text.
    package var description: String { rawValue }
}
