import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Testing

@testable import Dapr
@testable import DaprSubscriber

@Suite("DaprSubscription and DaprEventStatus")
struct DaprSubscriptionTests {
    @Test("generates the /dapr/subscribe array, metadata values as strings, routes with rules and default")
    func subscribeBody() {
        let body = DaprSubscription.subscribeResponseBody([
            DaprSubscription(
                pubsub: "todo-pubsub", topic: "task-events", route: "/events/tasks", deadLetterTopic: "task-events-dlq"),
            DaprSubscription(pubsub: "todo-pubsub", topic: "raw-events", route: "events/raw", metadata: ["rawPayload": "true"]),
            DaprSubscription(
                pubsub: "todo-pubsub", topic: "bulk-events", route: "/events/bulk",
                rules: [.init(match: #"event.type == "x""#, path: "events/x")], bulk: .init()),
        ])
        let expected =
            #"[{"pubsubname":"todo-pubsub","topic":"task-events","routes":{"default":"/events/tasks"},"#
            + #""deadLetterTopic":"task-events-dlq"},"#
            + #"{"pubsubname":"todo-pubsub","topic":"raw-events","routes":{"default":"/events/raw"},"#
            + #""metadata":{"rawPayload":"true"}},"#
            + #"{"pubsubname":"todo-pubsub","topic":"bulk-events","routes":{"rules":[{"match":"event.type == \"x\"","#
            + #""path":"/events/x"}],"default":"/events/bulk"},"#
            + #""bulkSubscribe":{"enabled":true,"maxMessagesCount":100,"maxAwaitDurationMs":1000}}]"#
        #expect(String(decoding: body, as: UTF8.self) == expected)
    }

    @Test("answers 200 with the case-sensitive status daprd expects", arguments: [DaprEventStatus.success, .retry, .drop])
    func statusResponse(status: DaprEventStatus) {
        #expect(status.response.status == .ok)
        #expect(status.response.headers["Content-Type"] == "application/json")
        #expect(String(decoding: status.response.body, as: UTF8.self) == #"{"status":"\#(status)"}"#)
    }

    @Test("builds an HTTPDaprClient from the function's configuration")
    func clientFromConfiguration() {
        var configuration = Configuration()
        configuration.daprHTTPEndpoint = "http://127.0.0.1:3601/"
        configuration.daprAPIToken = "t"
        #expect(HTTPDaprClient(configuration: configuration).endpoint == "http://127.0.0.1:3601")
    }
}
