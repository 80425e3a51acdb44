import Dapr
import FunctionTesting
import HTTPTypes
import Testing

@Suite("InMemoryDaprClient")
struct InMemoryDaprClientTests {
    @Test("records publishes with their partition key")
    func publishes() async throws {
        let dapr = InMemoryDaprClient()
        try await dapr.publish(
            pubsub: "todo-pubsub", topic: "task-events", cloudEventJSON: Array("{}".utf8), partitionKey: "alice")
        #expect(dapr.published.map(\.topic) == ["task-events"])
        #expect(dapr.published.first?.metadata == ["partitionKey": "alice"])
        #expect(dapr.published.first?.contentType == "application/cloudevents+json")
    }

    @Test("keeps state with HTTPDaprClient's ETag and first-write errors")
    func state() async throws {
        let dapr = InMemoryDaprClient()
        let item = DaprStateItem(key: "k", value: Array("1".utf8), concurrency: .firstWrite)
        try await dapr.saveState(store: "todo-statestore", items: [item])
        let error = await #expect(throws: DaprError.self) { try await dapr.saveState(store: "todo-statestore", items: [item]) }
        #expect(error?.code == .etagMismatch)
        let entry = try #require(try await dapr.getState(store: "todo-statestore", key: "k"))
        await #expect(throws: DaprError.self) { try await dapr.deleteState(store: "todo-statestore", key: "k", etag: "x") }
        try await dapr.deleteState(store: "todo-statestore", key: "k", etag: entry.etag)
        let missing = try await dapr.getState(store: "todo-statestore", key: "k")
        #expect(missing == nil)
    }

    @Test("schedules jobs with overwrite semantics and answers invocations with its closure")
    func jobsAndInvocation() async throws {
        let dapr = InMemoryDaprClient { appID, method, _, _ in
            HTTPResponse(status: .ok, contentType: "text/plain", text: "\(appID) \(method)")
        }
        try await dapr.scheduleJob(try DaprJob(name: "reminder-1", dueTime: "10s"))
        let error = await #expect(throws: DaprError.self) {
            try await dapr.scheduleJob(try DaprJob(name: "reminder-1", dueTime: "20s"))
        }
        #expect(error?.code == .jobAlreadyExists)
        try await dapr.scheduleJob(try DaprJob(name: "reminder-1", dueTime: "20s", overwrite: true))
        #expect(try await dapr.getJob(name: "reminder-1")?.dueTime == "20s")
        try await dapr.deleteJob(name: "reminder-1")
        #expect(dapr.jobs.isEmpty)
        let response = try await dapr.invoke(appID: "task-crud", method: "internal/recurrences")
        #expect(response.body == Array("task-crud internal/recurrences".utf8))
    }
}
