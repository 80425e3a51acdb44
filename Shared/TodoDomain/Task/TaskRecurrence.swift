package import FoundationEssentials

/// The recurrence of a task: the series' rule and which occurrence this task is.
package struct TaskRecurrence: Codable, Sendable, Hashable {
    /// The id of the recurrence rule (the series); with `occurrence`, the idempotency key of generation.
    package var ruleId: String
    /// The RFC 5545 RRULE text, e.g. `FREQ=WEEKLY;BYDAY=MO` (its `COUNT`/`UNTIL` is the series' end).
    package var rule: String
    /// 1 for the first task of the series, then 2, 3, …
    package var occurrence: Int
    /// `schedule` (the next due time follows the rule from this one) or `completion` (from when this one is done,
    /// Todoist's `every!`); absent in events from before it was added, meaning `schedule`.
    package var anchor: String?
    /// The due time of the next task of the series as of the event (for `completion`, if it were done then); absent
    /// when the series ends with this task or the task has no due time.
    package var nextDueAt: Date?

    /// Creates a recurrence reference.
    package init(ruleId: String, rule: String, occurrence: Int, anchor: String? = nil, nextDueAt: Date? = nil) {
        self.ruleId = ruleId
        self.rule = rule
        self.occurrence = occurrence
        self.anchor = anchor
        self.nextDueAt = nextDueAt
    }
}
