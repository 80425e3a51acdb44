import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Schedules
import Storage
import TodoDomain

/// A task as a client sends it (`POST`, `PUT`, `PATCH`), checked field by field; an unknown field is a 400, so a
/// typo or a field this version does not support is never silently dropped.
///
/// Fields: `title` (1–200 characters), `description` (≤ 1000, null clears), `priority` (none|low|medium|high),
/// `tags` (≤ 20 distinct, each 1–50 characters), `dueAt` (ISO 8601, null clears), `timeZone` (IANA, null clears),
/// `reminders` (≤ 20 ``ReminderInput``s; on `PUT`/`PATCH` the list replaces the task's pending reminders).
struct TaskInput: Decodable, Sendable {
    /// The task's own fields (what TaskUpdated's `changedFields` names).
    static let fields = ["title", "description", "priority", "tags", "dueAt", "timeZone"]
    /// Every field a body may carry.
    static let accepted = fields + ["reminders"]

    var title: String?
    var description: String??
    var priority: TaskPriority?
    var tags: [String]?
    var dueAt: Date??
    var timeZone: String??
    /// The reminders, when the body has the field.
    var reminders: [ReminderInput]?
    /// The task fields present in the body, in `fields` order.
    var present: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        if let unknown = container.allKeys.first(where: { !Self.accepted.contains($0.stringValue) }) {
            throw HTTPError(
                .badRequest,
                message: "unknown field '\(unknown.stringValue.prefix(64))'; a task has \(Self.accepted.joined(separator: ", "))")
        }
        present = Self.fields.filter { container.contains(FieldKey($0)) }
        title = try container.required("title", String.self).map(Self.checkedTitle)
        description = try container.clearable("description", String.self).map { try $0.map(Self.checkedDescription) }
        priority = try container.required("priority", String.self).map(Self.checkedPriority)
        tags = try container.required("tags", [String].self).map(Self.checkedTags)
        dueAt = try container.clearable("dueAt", Date.self)
        timeZone = try container.clearable("timeZone", String.self).map { try $0.map(Self.checkedTimeZone) }
        reminders = try container.required("reminders", [ReminderInput].self)
        if let reminders, reminders.count > ReminderPlan.limit {
            throw HTTPError(.badRequest, message: "a task has at most \(ReminderPlan.limit) reminders (got \(reminders.count))")
        }
    }

    /// The task to create for `userID`.
    /// - Throws: `HTTPError` 400 without a title.
    func newTask(userID: String) throws -> NewTask {
        guard let title else { throw HTTPError(.badRequest, message: "missing field 'title'") }
        return NewTask(
            userID: userID, title: title, description: description ?? nil, priority: priority ?? TaskPriority.none,
            tags: tags ?? [], dueAt: dueAt ?? nil, timeZone: timeZone ?? nil)
    }

    /// The change set: `PATCH` (`replacing` false) touches only the fields present; `PUT` sets every field,
    /// absent ones back to empty.
    /// - Throws: `HTTPError` 400 for a `PUT` without a title or a `PATCH` with no field.
    func changes(replacing: Bool) throws -> TaskChanges {
        if replacing {
            guard let title else { throw HTTPError(.badRequest, message: "missing field 'title' (PUT replaces the task)") }
            return TaskChanges(
                title: title, description: .some(description ?? nil), priority: priority ?? TaskPriority.none, tags: tags ?? [],
                dueAt: .some(dueAt ?? nil), timeZone: .some(timeZone ?? nil))
        }
        guard !present.isEmpty || reminders != nil else {
            throw HTTPError(.badRequest, message: "nothing to change; send one of \(Self.accepted.joined(separator: ", "))")
        }
        return TaskChanges(
            title: title, description: description, priority: priority, tags: tags, dueAt: dueAt, timeZone: timeZone)
    }

    private static func checkedTitle(_ title: String) throws -> String {
        let trimmed = title.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw HTTPError(.badRequest, message: "field 'title' must not be empty") }
        guard trimmed.count <= 200 else {
            throw HTTPError(.badRequest, message: "field 'title' is longer than 200 characters (\(trimmed.count))")
        }
        return trimmed
    }

    private static func checkedDescription(_ description: String) throws -> String {
        guard description.count <= 1000 else {
            throw HTTPError(.badRequest, message: "field 'description' is longer than 1000 characters")
        }
        return description
    }

    private static func checkedPriority(_ text: String) throws -> TaskPriority {
        let allowed = ["none", "low", "medium", "high"]
        guard allowed.contains(text) else {
            throw HTTPError(.badRequest, message: "field 'priority' must be one of \(allowed.joined(separator: ", "))")
        }
        return TaskPriority(rawValue: text)
    }

    private static func checkedTags(_ tags: [String]) throws -> [String] {
        var distinct: [String] = []
        for tag in tags.map({ $0.trimmingWhitespace() }) where !distinct.contains(tag) {
            guard (1...50).contains(tag.count) else {
                throw HTTPError(.badRequest, message: "each tag must be 1-50 characters")
            }
            distinct.append(tag)
        }
        guard distinct.count <= 20 else { throw HTTPError(.badRequest, message: "at most 20 tags") }
        return distinct
    }

    private static func checkedTimeZone(_ identifier: String) throws -> String {
        _ = try zone(identifier)
        return identifier
    }

    /// The zone named `identifier` in the tz database (UTC when nil).
    /// - Throws: `HTTPError` 400 for a name that is not an IANA zone.
    static func zone(_ identifier: String?) throws -> ZoneInfo {
        guard let identifier else { return .utc }
        guard let zone = try? ZoneInfo.named(identifier) else {
            throw HTTPError(
                .badRequest, message: "field 'timeZone' is not an IANA time zone such as Europe/Paris: '\(identifier.prefix(64))'"
            )
        }
        return zone
    }
}

/// A JSON object key read as it is.
struct FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == FieldKey {
    /// Absent → nil; present → the value; null → 400 (the field cannot be cleared).
    fileprivate func required<T: Decodable>(_ name: String, _ type: T.Type) throws -> T? {
        let key = FieldKey(name)
        guard contains(key) else { return nil }
        guard try !decodeNil(forKey: key) else {
            throw HTTPError(.badRequest, message: "field '\(name)' must not be null")
        }
        return try decode(type, forKey: key)
    }

    /// Absent → nil; null → `.some(nil)` (clear it); present → the value.
    fileprivate func clearable<T: Decodable>(_ name: String, _ type: T.Type) throws -> T?? {
        let key = FieldKey(name)
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(type, forKey: key))
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
