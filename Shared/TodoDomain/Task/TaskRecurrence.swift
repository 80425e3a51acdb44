/// The recurrence of a task: the series' rule and which occurrence this task is.
package struct TaskRecurrence: Codable, Sendable, Hashable {
    /// The id of the recurrence rule (the series); with `occurrence`, the idempotency key of generation.
    package var ruleId: String
    /// The RFC 5545 RRULE text, e.g. `FREQ=WEEKLY;BYDAY=MO`.
    package var rule: String
    /// 1 for the first task of the series, then 2, 3, …
    package var occurrence: Int

    /// Creates a recurrence reference.
    package init(ruleId: String, rule: String, occurrence: Int) {
        self.ruleId = ruleId
        self.rule = rule
        self.occurrence = occurrence
    }
}
