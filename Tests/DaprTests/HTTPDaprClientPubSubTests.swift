import FoundationEssentials
import HTTPTypes
import Testing

@testable import Dapr

@Suite("HTTPDaprClient publish against a loopback daprd")
struct HTTPDaprClientPubSubTests {
    @Test("publishes raw bytes with their content type to /v1.0/publish/{pubsub}/{topic}")
    func publishesRawBytes() async throws {
        try await Daprd.with { daprd, dapr in
            try await dapr.publish(
                pubsub: "todo-pubsub", topic: "task-events", data: Array(#"{"a":1}"#.utf8),
                contentType: "application/json")
            let published = try #require(daprd.published.first)
            #expect(published.topic == "task-events")
            #expect(published.contentType == "application/json")
            #expect(published.body == Array(#"{"a":1}"#.utf8))
            #expect(published.metadata.isEmpty)
        }
    }

    @Test("passes a CloudEvent through as application/cloudevents+json with metadata.partitionKey")
    func passesCloudEventThrough() async throws {
        let event = Array(#"{"specversion":"1.0","id":"e1","source":"task-crud","type":"t","data":{"k":1}}"#.utf8)
        try await Daprd.with { daprd, dapr in
            try await dapr.publish(
                pubsub: "todo-pubsub", topic: "task-events", cloudEventJSON: event, partitionKey: "alice")
            let published = try #require(daprd.published.first)
            #expect(published.contentType == "application/cloudevents+json")
            #expect(published.body == event)
            #expect(published.metadata == ["partitionKey": "alice"])
        }
    }

    @Test("sends ttlInSeconds, rawPayload and cloudevent overrides as metadata.* query parameters")
    func sendsMetadata() async throws {
        try await Daprd.with { daprd, dapr in
            let options = DaprPublishOptions(
                partitionKey: "bob", ttlInSeconds: 60, rawPayload: true, cloudEventID: "x",
                cloudEventType: "com.example.t", extra: ["cloudevent.source": "s p"])
            try await dapr.publish(
                pubsub: "todo-pubsub", topic: "t", data: Array("abc".utf8), contentType: "text/plain", options: options)
            #expect(
                daprd.published.first?.metadata == [
                    "partitionKey": "bob", "ttlInSeconds": "60", "rawPayload": "true", "cloudevent.id": "x",
                    "cloudevent.type": "com.example.t", "cloudevent.source": "s p",
                ])
        }
    }

    @Test("percent-encodes + in names so daprd does not read it as a space")
    func encodesPlus() async throws {
        try await Daprd.with { daprd, dapr in
            try await dapr.publish(pubsub: "todo-pubsub", topic: "a+b/c", data: [], contentType: "text/plain")
            #expect(daprd.published.first?.topic == "a+b/c")
            #expect(daprd.requests.first?.path == "/v1.0/publish/todo-pubsub/a%2Bb/c")
        }
    }

    @Test("maps 404 ERR_PUBSUB_NOT_FOUND to .pubsubNotFound")
    func unknownPubsub() async throws {
        try await Daprd.with { _, dapr in
            let error = await #expect(throws: DaprError.self) {
                try await dapr.publish(pubsub: "unknown", topic: "t", data: [], contentType: "text/plain")
            }
            #expect(error?.code == .pubsubNotFound)
            #expect(error?.httpStatus == 404)
            #expect(error?.errorCode == "ERR_PUBSUB_NOT_FOUND")
        }
    }

    @Test("maps an invalid rawPayload to .badRequest ERR_PUBSUB_REQUEST_METADATA")
    func invalidRawPayload() async throws {
        try await Daprd.with { _, dapr in
            let error = await #expect(throws: DaprError.self) {
                try await dapr.publish(
                    pubsub: "todo-pubsub", topic: "t", data: [], contentType: "text/plain",
                    options: .init(extra: ["rawPayload": "maybe"]))
            }
            #expect(error?.code == .badRequest)
            #expect(error?.errorCode == "ERR_PUBSUB_REQUEST_METADATA")
        }
    }

    @Test("a CloudEvent body that is not a JSON object is a 500 ERR_PUBSUB_CLOUD_EVENTS_SER, not retried")
    func cloudEventNotObject() async throws {
        try await Daprd.with { daprd, dapr in
            let error = await #expect(throws: DaprError.self) {
                try await dapr.publish(
                    pubsub: "todo-pubsub", topic: "t", cloudEventJSON: Array("[1,2]".utf8), partitionKey: nil)
            }
            #expect(error?.code == .operationFailed)
            #expect(error?.errorCode == "ERR_PUBSUB_CLOUD_EVENTS_SER")
            #expect(daprd.requests.count == 1)
        }
    }

    @Test("retries a CloudEvent publish after a broker error, because its id is fixed")
    func retriesFixedIDPublish() async throws {
        try await Daprd.with { daprd, dapr in
            daprd.inject(
                FakeDaprd.error(500, "ERR_PUBSUB_PUBLISH_MESSAGE", "broker down"), forPathPrefix: "/v1.0/publish/")
            try await dapr.publish(
                pubsub: "todo-pubsub", topic: "t", cloudEventJSON: Array(#"{"id":"1"}"#.utf8), partitionKey: nil)
            #expect(daprd.requests.count == 2)
            #expect(daprd.published.count == 1)
        }
    }

    @Test("does not retry a publish whose id daprd would mint afresh")
    func doesNotRetryUnfixedPublish() async throws {
        try await Daprd.with { daprd, dapr in
            daprd.inject(
                FakeDaprd.error(500, "ERR_PUBSUB_PUBLISH_MESSAGE", "broker down"), forPathPrefix: "/v1.0/publish/")
            await #expect(throws: DaprError.self) {
                try await dapr.publish(pubsub: "todo-pubsub", topic: "t", data: [1], contentType: "application/json")
            }
            #expect(daprd.requests.count == 1)
        }
    }

    @Test("bulk publish encodes each entry by its content type and answers allPublished on 204")
    func bulkPublish() async throws {
        try await Daprd.with { daprd, dapr in
            let result = try await dapr.bulkPublish(
                pubsub: "todo-pubsub", topic: "task-events",
                entries: [
                    DaprBulkPublishEntry(entryID: "1", event: Array("hi".utf8), contentType: "text/plain"),
                    DaprBulkPublishEntry(entryID: "2", event: Array(#"{"m":1}"#.utf8), contentType: "application/json"),
                    DaprBulkPublishEntry(entryID: "3", event: [1, 2], contentType: "application/octet-stream"),
                ])
            #expect(result.allPublished)
            let request = try #require(daprd.requests.first)
            #expect(request.path == "/v1.0-alpha1/publish/bulk/todo-pubsub/task-events")
            let body = String(decoding: request.body, as: UTF8.self)
            #expect(body.contains(#""entryId":"1","event":"hi","contentType":"text/plain","metadata":{}"#))
            #expect(body.contains(#""event":{"m":1}"#))
            #expect(body.contains(#""event":"AQI=""#))
        }
    }

    @Test("bulk publish returns failedEntries from daprd's 500 instead of throwing")
    func bulkPublishPartialFailure() async throws {
        try await Daprd.with { daprd, dapr in
            daprd.failEntries(["2"])
            let result = try await dapr.bulkPublish(
                pubsub: "todo-pubsub", topic: "t",
                entries: [
                    DaprBulkPublishEntry(entryID: "1", event: Array("a".utf8), contentType: "text/plain"),
                    DaprBulkPublishEntry(entryID: "2", event: Array("b".utf8), contentType: "text/plain"),
                ])
            #expect(result.failedEntries.map(\.entryID) == ["2"])
            #expect(result.failedEntries.first?.error == "broker unavailable")
        }
    }

    @Test("bulk publish with a duplicate entryId or bad contentType is .badRequest ERR_PUBSUB_EVENTS_SER")
    func bulkPublishInvalid() async throws {
        try await Daprd.with { _, dapr in
            for entries in [
                [
                    DaprBulkPublishEntry(entryID: "1", event: Array("a".utf8), contentType: "text/plain"),
                    DaprBulkPublishEntry(entryID: "1", event: Array("b".utf8), contentType: "text/plain"),
                ],
                [DaprBulkPublishEntry(entryID: "1", event: Array("a".utf8), contentType: "")],
            ] {
                let error = await #expect(throws: DaprError.self) {
                    try await dapr.bulkPublish(pubsub: "todo-pubsub", topic: "t", entries: entries)
                }
                #expect(error?.code == .badRequest)
                #expect(error?.errorCode == "ERR_PUBSUB_EVENTS_SER")
            }
        }
    }
}
