import CloudEvents
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Testing

@testable import DaprSubscriber

/// A bulk subscriber that keeps the default `handleBulk`: its single handler runs for each event, one partition
/// key's events in their order, different keys at once; a failure holds back the rest of its key.
@Suite("CloudEventFunction adapter: the default handleBulk, per partition key")
struct DefaultBulkHandlingTests {
    struct PerEventSubscriber: RoutedFunction, CloudEventFunction {
        static let subscriptions = [
            DaprSubscription(
                pubsub: "todo-pubsub", topic: "task-events", route: "/bulk",
                bulk: .init(maxMessagesCount: 100, maxAwaitDurationMs: 10))
        ]

        let handled = Recorded<String>()
        /// Event ids whose handling throws.
        let failing: Set<String>

        func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
            if event.id == "b1" {
                let deadline = ContinuousClock.now + .seconds(60)
                // Key b's first event (first in the bulk) waits until key a's failing event has been handled: one
                // key at a time would never get there.
                while !handled.all.contains("a2"), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(1))
                }
                if !handled.all.contains("a2") { Issue.record("key a did not run while key b waited") }
            }
            handled.append(event.id)
            if failing.contains(event.id) { throw Failure() }
            return .success
        }
    }

    struct Failure: Error {}

    static func entry(_ id: String, key: String?) -> String {
        let partition = key.map { #","partitionkey":"\#($0)""# } ?? ""
        let event =
            #"{"specversion":"1.0","id":"\#(id)","source":"task-crud","type":"t"\#(partition),"datacontenttype":"application/json","data":{}}"#
        return #"{"entryId":"\#(id)","event":\#(event),"metadata":{},"contentType":"application/cloudevents+json"}"#
    }

    func deliver(_ entries: [String], to subscriber: PerEventSubscriber) async throws -> String {
        let body = Array(
            #"{"id":"x","type":"com.dapr.event.sent.bulk","metadata":{},"entries":[\#(entries.joined(separator: ","))]}"#.utf8)
        let request = HTTPRequest(method: .post, target: "/bulk", headers: ["Content-Type": "application/json"], body: body)
        return String(decoding: try await subscriber.handle(request, context: .forTesting()).body, as: UTF8.self)
    }

    @Test("each key's events in order, keys at once; a failure answers RETRY for the rest of its key, unhandled")
    func perKey() async throws {
        let subscriber = PerEventSubscriber(failing: ["a2"])
        let answer = try await deliver(
            [
                Self.entry("b1", key: "b"), Self.entry("a1", key: "a"), Self.entry("a2", key: "a"),
                Self.entry("b2", key: "b"), Self.entry("a3", key: "a"), Self.entry("n1", key: nil),
            ], to: subscriber)
        #expect(
            answer
                == #"{"statuses":[{"entryId":"b1","status":"SUCCESS"},{"entryId":"a1","status":"SUCCESS"},{"entryId":"a2","status":"RETRY"},{"entryId":"b2","status":"SUCCESS"},{"entryId":"a3","status":"RETRY"},{"entryId":"n1","status":"SUCCESS"}]}"#
        )
        let order = subscriber.handled.all
        #expect(!order.contains("a3"), "a3 follows a failed a2 of its key: not handled, retried with it")
        #expect(order.filter { $0.hasPrefix("a") } == ["a1", "a2"])
        #expect(order.filter { $0.hasPrefix("b") } == ["b1", "b2"])
    }
}
