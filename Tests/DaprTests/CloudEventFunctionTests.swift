import CloudEvents
import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Testing

@testable import DaprSubscriber

@Suite("CloudEventFunction adapter: /dapr/subscribe and deliveries")
struct CloudEventFunctionTests {
    /// Records what it receives and answers with `outcome`.
    struct Subscriber: RoutedFunction, CloudEventFunction {
        static let subscriptions = [
            DaprSubscription(
                pubsub: "todo-pubsub", topic: "task-events", route: "/events/tasks", deadLetterTopic: "task-events-dlq"),
            DaprSubscription(
                pubsub: "todo-pubsub", topic: "raw-events", route: "events/raw", metadata: ["rawPayload": "true"]),
            DaprSubscription(
                pubsub: "todo-pubsub", topic: "bulk-events", route: "/events/bulk",
                rules: [.init(match: #"event.type == "x""#, path: "/events/x")], bulk: .init()),
        ]

        let received = Recorded<CloudEvent>()
        let outcome: @Sendable (CloudEvent) throws -> DaprEventStatus

        func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
            received.append(event)
            return try outcome(event)
        }
    }

    struct Failure: Error {}

    private func deliver(
        _ body: [UInt8], to path: String = "/events/tasks", subscriber: Subscriber,
        logs: TestLogHandler = TestLogHandler()
    ) async throws -> HTTPResponse {
        // daprd sends bulk deliveries as application/json, single ones as application/cloudevents+json.
        let contentType = path == "/events/bulk" ? "application/json" : "application/cloudevents+json"
        let request = HTTPRequest(method: .post, target: path, headers: ["Content-Type": contentType], body: body)
        return try await subscriber.handle(request, context: .forTesting(logger: logs.logger()))
    }

    @Test("GET /dapr/subscribe lists every declared subscription, metadata values as strings")
    func subscribeResponse() async throws {
        let subscriber = Subscriber { _ in .success }
        let response = try await subscriber.handle(
            HTTPRequest(method: .get, target: "/dapr/subscribe"), context: .forTesting())
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        let expected =
            #"[{"pubsubname":"todo-pubsub","topic":"task-events","routes":{"default":"/events/tasks"},"#
            + #""deadLetterTopic":"task-events-dlq"},"#
            + #"{"pubsubname":"todo-pubsub","topic":"raw-events","routes":{"default":"/events/raw"},"#
            + #""metadata":{"rawPayload":"true"}},"#
            + #"{"pubsubname":"todo-pubsub","topic":"bulk-events","routes":{"rules":[{"match":"event.type == \"x\"","#
            + #""path":"/events/x"}],"default":"/events/bulk"},"#
            + #""bulkSubscribe":{"enabled":true,"maxMessagesCount":100,"maxAwaitDurationMs":1000}}]"#
        #expect(String(decoding: response.body, as: UTF8.self) == expected)
    }

    @Test("every adapter route is Dapr-facing, so the app token is checked")
    func routesAreDaprFacing() {
        let table = Subscriber.routes.bind(to: Subscriber { _ in .success })
        #expect(table.entries.count == 5)
        #expect(table.entries.allSatisfy { $0.access == .daprFacing })
    }

    @Test("decodes a structured delivery with Dapr's extensions and answers SUCCESS")
    func structuredDelivery() async throws {
        let subscriber = Subscriber { _ in .success }
        let response = try await deliver(try Fixture.bytes("delivery-structured.json"), subscriber: subscriber)
        #expect(response.status == .ok)
        #expect(response.body == Array(#"{"status":"SUCCESS"}"#.utf8))
        let event = try #require(subscriber.received.all.first)
        #expect(event.id == "0b8f5c1e-3d2a-4f6b-8c9d-1e2f3a4b5c6d")
        #expect(event.type == "todo.task.created.v1")
        #expect(event.traceparent == "00-113ad9c4e42b27583ae98ba698d54255-e3743e35ff56f219-01")
        #expect(event.extensions.names.contains("pubsubname"))
        let data = String(decoding: event.data?.bytes ?? [], as: UTF8.self)
        #expect(data.contains(#""userId":"alice""#))
    }

    @Test("an event daprd wrapped itself (type com.dapr.event.sent, empty traceparent) decodes")
    func daprWrappedDelivery() async throws {
        let subscriber = Subscriber { _ in .success }
        let response = try await deliver(try Fixture.bytes("delivery-wrapped-by-dapr.json"), subscriber: subscriber)
        #expect(response.body == Array(#"{"status":"SUCCESS"}"#.utf8))
        #expect(subscriber.received.all.first?.type == "com.dapr.event.sent")
    }

    @Test("a raw-payload delivery carries the bytes as data_base64")
    func rawPayload() async throws {
        let subscriber = Subscriber { _ in .success }
        _ = try await deliver(try Fixture.bytes("delivery-raw-payload.json"), to: "/events/raw", subscriber: subscriber)
        #expect(subscriber.received.all.first?.data?.bytes == Array("abc".utf8))
    }

    @Test("maps the handler's status to 200 {\"status\": …}", arguments: [DaprEventStatus.success, .retry, .drop])
    func statuses(status: DaprEventStatus) async throws {
        let response = try await deliver(
            try Fixture.bytes("delivery-structured.json"), subscriber: Subscriber { _ in status })
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"status":"\#(status)"}"#)
    }

    @Test("a thrown error is logged and answered 500 RETRY")
    func thrownError() async throws {
        let logs = TestLogHandler()
        let response = try await deliver(
            try Fixture.bytes("delivery-structured.json"), subscriber: Subscriber { _ in throw Failure() }, logs: logs)
        #expect(response.status == .internalServerError)
        #expect(response.body == Array(#"{"status":"RETRY"}"#.utf8))
        #expect(logs.messages.contains("Event handler failed; asking Dapr to retry"))
    }

    @Test(
        "bad input is dropped with a log line, never retried",
        arguments: [
            "not json", "[1,2]", #"{"id":"1","source":"s","type":"t"}"#,
            #"{"specversion":"1.0","id":"1","source":"s","type":"t","data":1,"data_base64":"AQ=="}"#,
        ])
    func badInput(body: String) async throws {
        let logs = TestLogHandler()
        let subscriber = Subscriber { _ in .success }
        let response = try await deliver(Array(body.utf8), subscriber: subscriber, logs: logs)
        #expect(response.status == .ok)
        #expect(response.body == Array(#"{"status":"DROP"}"#.utf8))
        #expect(logs.messages == ["Dropped undecodable event"])
        #expect(subscriber.received.all.isEmpty)
    }

    @Test("a bad specversion is dropped")
    func badSpecversion() async throws {
        let response = try await deliver(
            try Fixture.bytes("delivery-bad-specversion.json"), subscriber: Subscriber { _ in .success })
        #expect(response.body == Array(#"{"status":"DROP"}"#.utf8))
    }

    @Test("answers a bulk delivery with one status per entry, DROP for an undecodable one")
    func bulk() async throws {
        let subscriber = Subscriber { event in event.type == "todo.task.deleted.v1" ? .retry : .success }
        let response = try await deliver(
            try Fixture.bytes("delivery-bulk.json"), to: "/events/bulk", subscriber: subscriber)
        #expect(response.status == .ok)
        let expected =
            #"{"statuses":[{"entryId":"e-1","status":"SUCCESS"},{"entryId":"e-2","status":"RETRY"},"#
            + #"{"entryId":"e-3","status":"DROP"}]}"#
        #expect(String(decoding: response.body, as: UTF8.self) == expected)
        #expect(subscriber.received.all.map(\.id) == ["ev-1", "ev-2"])
    }

    @Test("a bulk body that is not a bulk envelope is answered 400, which retries it (never drops it whole)")
    func badBulk() async throws {
        let response = try await deliver(
            Array("oops".utf8), to: "/events/bulk", subscriber: Subscriber { _ in .success })
        #expect(response.status == .badRequest)
    }
}

@Suite("Dapr adapters through the function runtime")
struct DaprAdapterRuntimeTests {
    struct Subscriber: RoutedFunction, CloudEventFunction {
        static let subscriptions = [DaprSubscription(pubsub: "todo-pubsub", topic: "task-events", route: "/events")]
        func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus { .success }
    }

    @Test("with APP_API_TOKEN set, /dapr/subscribe and deliveries need daprd's dapr-api-token header")
    func appToken() async throws {
        var configuration = Configuration()
        configuration.appAPIToken = "app-secret"
        let client = FunctionTestClient(Subscriber(), configuration: configuration)
        #expect(try await client.execute(.get, "/dapr/subscribe").status == .unauthorized)
        let subscribe = try await client.execute(.get, "/dapr/subscribe", headers: ["dapr-api-token": "app-secret"])
        #expect(subscribe.status == .ok)
        let delivery = try await client.execute(
            .post, "/events",
            headers: ["dapr-api-token": "app-secret", "Content-Type": "application/cloudevents+json"],
            body: try Fixture.bytes("delivery-structured.json"))
        #expect(delivery.body == Array(#"{"status":"SUCCESS"}"#.utf8))
    }
}
