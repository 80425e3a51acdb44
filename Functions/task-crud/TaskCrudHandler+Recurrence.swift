import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage

/// The recurrence side of a task's routes: which rule a request stores, keeps or clears, and the rule a response
/// or an event shows. The rule itself is checked and expanded by the shared engine (Shared/Recurrence).
extension TaskCrudHandler {
    /// The rule `task` follows, if any.
    func rule(of task: TaskRecord) async throws -> RecurrenceRuleRecord? {
        guard let id = task.recurrenceRuleID else { return nil }
        return try await rules.get(id: id, userID: task.userID)
    }

    /// The rule a create asks for, stored, with the task pointed at it.
    func storeRule(_ input: TaskInput, into new: inout NewTask) async throws -> RecurrenceRuleRecord? {
        guard let recurrence = input.recurrence ?? nil else { return nil }
        let rule = try recurrence.newRule(userID: new.userID, dueAt: new.dueAt, timeZone: new.timeZone)
        let stored = try await rules.create(rule)
        new.recurrenceRuleID = stored.id
        return stored
    }

    /// The rule an update leaves the task with: a new one stored (`recurrence` sent), none (`null`, or a `PUT`
    /// without it), or the current one; `changes` is pointed at it.
    func ruleAfter(_ input: TaskInput, replacing: Bool, current: TaskRecord, changes: inout TaskChanges) async throws
        -> RecurrenceRuleRecord?
    {
        switch input.recurrence {
        case .some(.some(let recurrence)):
            let merged = changes.applied(to: current)
            let stored = try await rules.create(
                try recurrence.newRule(userID: current.userID, dueAt: merged.dueAt, timeZone: merged.timeZone))
            changes.recurrenceRuleID = .some(stored.id)
            return stored
        case .some(.none):
            changes.recurrenceRuleID = .some(nil)
            return nil
        case .none:
            if replacing {
                changes.recurrenceRuleID = .some(nil)
                return nil
            }
            return try await rule(of: current)
        }
    }

    /// Stops generation for a rule the task no longer follows.
    func retireRule(of previous: TaskRecord, after task: TaskRecord) async throws {
        guard let old = previous.recurrenceRuleID, old != task.recurrenceRuleID else { return }
        _ = try await rules.setActive(id: old, userID: previous.userID, active: false)
    }
}
