import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage

/// The recurrence side of a task's routes: which rule a request stores, keeps or retires (written in the task's
/// own transaction), and the rule a response or an event shows. The rule itself is checked and expanded by the
/// shared engine (Shared/Recurrence).
extension TaskCrudHandler {
    /// The rule `task` follows, if any.
    func rule(of task: TaskRecord) async throws -> RecurrenceRuleRecord? {
        guard let id = task.recurrenceRuleID else { return nil }
        return try await rules.get(id: id, userID: task.userID)
    }

    /// The rule a create asks for (checked against the task's due time and zone), with the task pointed at it.
    func newRule(_ input: TaskInput, for new: inout NewTask) throws -> NewRecurrenceRule? {
        guard let recurrence = input.recurrence ?? nil else { return nil }
        let rule = try recurrence.newRule(userID: new.userID, dueAt: new.dueAt, timeZone: new.timeZone)
        new.recurrenceRuleID = rule.id
        return rule
    }

    /// What an update does to the task's rule: a new one (`recurrence` sent), none (`null`, or a `PUT` without
    /// it), or the current one kept. `changed` (the task after the change) is pointed at the result. Pure: it runs
    /// inside the transaction.
    static func ruleChange(_ input: TaskInput, replacing: Bool, changed: inout TaskRecord, current: TaskRecord) throws
        -> RuleChange
    {
        var change = RuleChange()
        switch input.recurrence {
        case .some(.some(let recurrence)):
            let rule = try recurrence.newRule(userID: changed.userID, dueAt: changed.dueAt, timeZone: changed.timeZone)
            changed.recurrenceRuleID = rule.id
            change.new = rule
        case .some(.none):
            changed.recurrenceRuleID = nil
        case .none:
            if replacing { changed.recurrenceRuleID = nil }
        }
        if let old = current.recurrenceRuleID, old != changed.recurrenceRuleID { change.retired = old }
        return change
    }
}

/// A rule stored and a rule retired by one update.
struct RuleChange: Sendable {
    var new: NewRecurrenceRule?
    var retired: UUID?
}
