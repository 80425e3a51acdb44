import CloudEvents
import FoundationEssentials
import Testing

@testable import Dapr

@Suite("Publishing a CloudEvent value")
struct CloudEventPublishTests {
    @Test("publishes the event's JSON format as application/cloudevents+json with its partition key")
    func publishesEvent() async throws {
        let event = CloudEvent(id: "e-9", source: "task-crud", type: "todo.task.created.v1")
        try await Daprd.with { daprd, dapr in
            try await dapr.publish(pubsub: "todo-pubsub", topic: "task-events", event: event, partitionKey: "alice")
            let published = try #require(daprd.published.first)
            #expect(published.contentType == "application/cloudevents+json")
            #expect(try CloudEvent(jsonBytes: published.body).id == "e-9")
            #expect(published.metadata == ["partitionKey": "alice"])
        }
    }
}
