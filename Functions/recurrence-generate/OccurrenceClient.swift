import Dapr
import FoundationEssentials
import HTTPTypes
import TodoDomain

/// task-crud's `POST /internal/tasks` through Dapr service invocation: creates occurrence `occurrence` of a series,
/// idempotent on `<rule id>:<occurrence>`.
struct OccurrenceClient: Sendable {
    let dapr: any DaprClient
    var appID = "task-crud"

    /// The task created (201) or found (200) for the generation key: the previous task's title, description,
    /// priority, tags, zone and reminders (``OccurrenceReminder``), due at `dueAt`.
    /// - Throws: ``OccurrenceRefused`` for a 4xx (never succeeds: dropped), a Dapr error otherwise (retried).
    func create(
        after previous: TodoTask, ruleID: String, occurrence: Int, dueAt: Date, reminders: [OccurrenceReminder] = []
    ) async throws -> TodoTask {
        let task = OccurrenceTask(
            title: previous.title, description: previous.description, priority: previous.priority.rawValue,
            tags: previous.tags, dueAt: dueAt, timeZone: previous.timeZone, reminders: reminders)
        let body = OccurrenceBody(userId: previous.userId, ruleId: ruleID, occurrence: occurrence, task: task)
        let response = try await dapr.invoke(
            appID: appID, method: "internal/tasks", httpMethod: .post, headers: ["Content-Type": "application/json"],
            body: Array(try TodoJSON.encoder().encode(body)))
        switch response.status.code {
        case 200, 201:
            return try TodoJSON.decoder().decode(CreatedTask.self, from: Data(response.body)).todoTask
        case 400..<500:
            throw OccurrenceRefused(
                message: "\(response.status.code) \(String(decoding: response.body.prefix(300), as: UTF8.self))")
        default:
            throw DaprError(
                code: .operationFailed, message: "task-crud answered \(response.status.code) to POST /internal/tasks")
        }
    }
}

/// task-crud refused the occurrence (4xx): retrying cannot help.
struct OccurrenceRefused: Error {
    var message: String
}

private struct OccurrenceBody: Encodable {
    var userId: String
    var ruleId: String
    var occurrence: Int
    var task: OccurrenceTask
}

private struct OccurrenceTask: Encodable {
    var title: String
    var description: String?
    var priority: String
    var tags: [String]
    var dueAt: Date
    var timeZone: String?
    var reminders: [OccurrenceReminder]
}

/// The fields of task-crud's task JSON that an event's task carries.
private struct CreatedTask: Decodable {
    var id: String
    var userId: String
    var title: String
    var description: String?
    var status: String
    var priority: String
    var tags: [String]
    var dueAt: Date?
    var timeZone: String?
    var createdAt: Date
    var updatedAt: Date
    var version: Int

    var todoTask: TodoTask {
        TodoTask(
            id: id, userId: userId, title: title, description: description, status: TaskStatus(rawValue: status),
            priority: TaskPriority(rawValue: priority), tags: tags, dueAt: dueAt, timeZone: timeZone,
            createdAt: createdAt, updatedAt: updatedAt, version: version)
    }
}
