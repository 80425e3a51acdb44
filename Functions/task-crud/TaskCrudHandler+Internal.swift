import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Storage

/// `POST /internal/tasks`: recurrence-generate, through Dapr service invocation, creates the next occurrence of a
/// series. Dapr-facing (the app token when one is configured), outside `/api`, so the ingress never routes to it.
///
/// The new task follows the rule `ruleId` when it is the user's (its JSON and events show the rule).
///
/// Body: `{"userId":"alice","ruleId":"<rule id>","occurrence":2,"task":{<the task fields of POST /api/…/tasks>}}`.
/// The generation key `<ruleId>:<occurrence>` makes it idempotent: the first call creates the task and its events
/// (201); a repeat, concurrent or not, returns that same task (200) and writes nothing.
extension TaskCrudHandler {
    func createOccurrence(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let input = try request.decodeJSON(OccurrenceInput.self)
        guard input.task.recurrence == nil else {
            throw HTTPError(.badRequest, message: "an occurrence follows its series' rule: leave 'recurrence' out of 'task'")
        }
        var new = try input.task.newTask(userID: input.userId)
        new.generationKey = "\(input.ruleId):\(input.occurrence)"
        var rule: RecurrenceRuleRecord?
        if let ruleID = UUID(uuidString: input.ruleId) { rule = try await rules.get(id: ruleID, userID: input.userId) }
        new.recurrenceRuleID = rule?.id
        let creation = try await insert(
            new, rule: nil, shown: rule, reminders: input.task.reminders ?? [], traceparent: context.traceparent)
        guard creation.aggregate.task.userID == input.userId else {
            throw HTTPError(.conflict, message: "occurrence \(new.generationKey ?? "") belongs to another user")
        }
        return try TaskJSON.response(creation.aggregate, rule: rule, status: creation.created ? .created : .ok)
    }
}

/// The body of `POST /internal/tasks`; every field required, no other allowed.
struct OccurrenceInput: Decodable, Sendable {
    static let fields = ["userId", "ruleId", "occurrence", "task"]

    var userId: String
    var ruleId: String
    var occurrence: Int
    var task: TaskInput

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        if let unknown = container.allKeys.first(where: { !Self.fields.contains($0.stringValue) }) {
            throw HTTPError(
                .badRequest,
                message: "unknown field '\(unknown.stringValue.prefix(64))'; send \(Self.fields.joined(separator: ", "))")
        }
        for field in Self.fields where !container.contains(FieldKey(field)) {
            throw HTTPError(.badRequest, message: "missing field '\(field)'")
        }
        userId = try container.decode(String.self, forKey: FieldKey("userId"))
        ruleId = try container.decode(String.self, forKey: FieldKey("ruleId"))
        occurrence = try container.decode(Int.self, forKey: FieldKey("occurrence"))
        task = try container.decode(TaskInput.self, forKey: FieldKey("task"))
        guard (1...128).contains(userId.count), !userId.contains("/") else {
            throw HTTPError(.badRequest, message: "field 'userId' must be 1-128 characters without '/'")
        }
        guard (1...100).contains(ruleId.count), !ruleId.contains(":") else {
            throw HTTPError(.badRequest, message: "field 'ruleId' must be 1-100 characters without ':'")
        }
        guard (1...1_000_000).contains(occurrence) else {
            throw HTTPError(.badRequest, message: "field 'occurrence' must be 1-1000000")
        }
    }
}
