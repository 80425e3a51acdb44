import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Recurrence
import Schedules
import Storage
import TodoDomain

/// The `recurrence` field of a task: RRULE text (`"FREQ=WEEKLY;BYDAY=MO"`), or an object with either `rrule` or the
/// simple form (`frequency` daily|weekly|monthly|yearly, `interval`, `endAfter` N or `endBy` ISO 8601), and `anchor`
/// `schedule` (default) or `completion`. The rule is checked by the shared engine (``RecurrenceRule``) against the
/// task's due time and zone when the task is stored.
struct RecurrenceInput: Decodable, Sendable {
    static let fields = ["rrule", "frequency", "interval", "endAfter", "endBy", "anchor"]

    var rule: RecurrenceRule
    var anchor: RecurrenceAnchor

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            (rule, anchor) = (try Self.parsed(text), .schedule)
            return
        }
        guard let container = try? decoder.container(keyedBy: FieldKey.self) else {
            throw Self.invalid("must be RRULE text or an object with rrule or frequency")
        }
        if let unknown = container.allKeys.first(where: { !Self.fields.contains($0.stringValue) }) {
            throw Self.invalid(
                "has an unknown field '\(unknown.stringValue.prefix(64))'; it takes \(Self.fields.joined(separator: ", "))")
        }
        switch try container.decodeIfPresent(String.self, forKey: FieldKey("anchor")) ?? "schedule" {
        case "schedule": anchor = .schedule
        case "completion": anchor = .completion
        default: throw Self.invalid("anchor must be schedule or completion")
        }
        let simple = ["frequency", "interval", "endAfter", "endBy"].filter { container.contains(FieldKey($0)) }
        if let text = try container.decodeIfPresent(String.self, forKey: FieldKey("rrule")) {
            guard simple.isEmpty else { throw Self.invalid("give rrule or frequency, not both") }
            rule = try Self.parsed(text)
            return
        }
        guard let frequency = try container.decodeIfPresent(String.self, forKey: FieldKey("frequency")) else {
            throw Self.invalid("needs rrule or frequency")
        }
        do {
            rule = try RecurrenceRule.simple(
                frequency: frequency, interval: try container.decodeIfPresent(Int.self, forKey: FieldKey("interval")) ?? 1,
                endAfter: try container.decodeIfPresent(Int.self, forKey: FieldKey("endAfter")),
                endBy: try container.decodeIfPresent(Date.self, forKey: FieldKey("endBy")))
        } catch let error as RecurrenceError {
            throw Self.invalid(error.message)
        }
    }

    /// The rule to store for a task due at `dueAt` in `timeZone`.
    /// - Throws: `HTTPError` 400 without a due time, or when the rule yields no occurrence from it.
    func newRule(userID: String, dueAt: Date?, timeZone: String?) throws -> NewRecurrenceRule {
        guard let dueAt else { throw Self.invalid("needs the task's 'dueAt' (the first occurrence)") }
        let zone = try TaskInput.zone(timeZone)
        do {
            _ = try Recurrence(rule: rule, start: dueAt, zone: zone)
        } catch {
            throw Self.invalid(error.message)
        }
        return NewRecurrenceRule(
            userID: userID, rrule: rule.text, anchor: anchor, endAfterCount: rule.count.map(Int64.init),
            endBy: rule.endBy(in: zone))
    }

    private static func parsed(_ text: String) throws -> RecurrenceRule {
        do {
            return try RecurrenceRule(parsing: text)
        } catch {
            throw invalid(error.message)
        }
    }

    private static func invalid(_ message: String) -> HTTPError {
        HTTPError(.badRequest, message: "field 'recurrence' \(message)")
    }
}

/// A task's rule as the API and the events show it: RRULE text, anchor, end, and the next due time.
struct RecurrenceJSON: Encodable, Sendable {
    var ruleId: String
    var rrule: String
    var anchor: String
    var endAfter: Int64?
    var endBy: Date?
    /// Which task of the series this is (1 for the first; see ``occurrence(of:ruleID:)``).
    var occurrence: Int
    var nextDueAt: Date?

    /// `rule` applied to `task`, the next due time computed as of `now`.
    init(_ rule: RecurrenceRuleRecord, task: TaskRecord, now: Date = Date()) {
        ruleId = rule.id.uuidString.lowercased()
        rrule = rule.rrule
        anchor = rule.anchor.rawValue
        endAfter = rule.endAfterCount
        endBy = rule.endBy
        occurrence = Self.occurrence(of: task, ruleID: ruleId)
        if let due = task.dueAt, let parsed = try? RecurrenceRule(parsing: rule.rrule),
            let zone = try? TaskInput.zone(task.timeZone)
        {
            nextDueAt = Recurrence.nextDue(
                rule: parsed, due: due, zone: zone, fromCompletion: rule.anchor == .completion, now: now,
                occurrencesBefore: occurrence - 1)
        }
    }

    /// Which task of the series `task` is: the occurrence of its generation key (`<rule id>:<n>`, set by
    /// `POST /internal/tasks`), else 1 (the task the rule was given to). Completing the same task twice therefore
    /// names the same next occurrence.
    static func occurrence(of task: TaskRecord, ruleID: String) -> Int {
        guard let key = task.generationKey, key.hasPrefix(ruleID + ":"), let number = Int(key.dropFirst(ruleID.count + 1))
        else { return 1 }
        return number
    }

    /// The events' form.
    var event: TaskRecurrence {
        TaskRecurrence(ruleId: ruleId, rule: rrule, occurrence: occurrence, anchor: anchor, nextDueAt: nextDueAt)
    }
}
