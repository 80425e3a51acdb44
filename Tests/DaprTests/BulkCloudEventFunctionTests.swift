import CloudEvents
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Synchronization
import Testing

@testable import DaprSubscriber

@Suite("CloudEventFunction adapter: bulk deliveries in one call")
struct BulkCloudEventFunctionTests {
    /// A bulk subscriber with its own `handleBulk`: records each call's event ids and answers through `outcome`.
    struct BulkSubscriber: RoutedFunction, CloudEventFunction {
        static let subscriptions = [
            DaprSubscription(
                pubsub: "todo-pubsub", topic: "task-events", route: "/bulk",
                bulk: .init(maxMessagesCount: 100, maxAwaitDurationMs: 10))
        ]

        let calls = Recorded<[String]>()
        let outcome: @Sendable ([CloudEvent]) throws -> [DaprEventStatus]

        func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
            Issue.record("the single handler must not be called for a bulk delivery")
            return .retry
        }

        func handleBulk(_ events: [CloudEvent], context: FunctionContext) async throws -> [DaprEventStatus] {
            calls.append(events.map(\.id))
            return try outcome(events)
        }
    }

    struct Failure: Error {}

    static func event(_ id: String, data: String = #"{ "b": 1,  "a": [2.50, 1e3] }"#) -> String {
        #"{"specversion":"1.0","id":"\#(id)","source":"task-crud","type":"t","datacontenttype":"application/json","data":\#(data)}"#
    }

    static func body(_ entries: [String]) -> [UInt8] {
        Array(#"{"id":"x","type":"com.dapr.event.sent.bulk","metadata":{},"entries":[\#(entries.joined(separator: ","))]}"#.utf8)
    }

    static func entry(_ id: String, _ event: String) -> String {
        #"{"entryId":"\#(id)","event":\#(event),"metadata":{},"contentType":"application/cloudevents+json"}"#
    }

    func deliver(_ body: [UInt8], to subscriber: BulkSubscriber, contentType: String = "application/json") async throws
        -> HTTPResponse
    {
        let request = HTTPRequest(method: .post, target: "/bulk", headers: ["Content-Type": contentType], body: body)
        return try await subscriber.handle(request, context: .forTesting())
    }

    @Test("valid events reach handleBulk in one call, data bytes as sent; invalid entries are DROP; statuses in order")
    func oneCall() async throws {
        let seen = Mutex<[String]>([])
        let subscriber = BulkSubscriber { events in
            seen.withLock { $0 = events.map { String(decoding: $0.data?.bytes ?? [], as: UTF8.self) } }
            return events.map { $0.id == "ev-2" ? .retry : .success }
        }
        let body = Self.body([
            Self.entry("1", Self.event("ev-1")), Self.entry("2", Self.event("ev-2")),
            Self.entry("3", #"{"specversion":"1.0","source":"s","type":"no-id"}"#), Self.entry("4", "17"),
            Self.entry("5", Self.event("ev-5")),
        ])
        let response = try await deliver(body, to: subscriber)
        #expect(response.status == .ok)
        let expected =
            #"{"statuses":[{"entryId":"1","status":"SUCCESS"},{"entryId":"2","status":"RETRY"},"#
            + #"{"entryId":"3","status":"DROP"},{"entryId":"4","status":"DROP"},{"entryId":"5","status":"SUCCESS"}]}"#
        #expect(String(decoding: response.body, as: UTF8.self) == expected)
        #expect(subscriber.calls.all == [["ev-1", "ev-2", "ev-5"]])
        #expect(seen.withLock { $0 }.allSatisfy { $0 == #"{ "b": 1,  "a": [2.50, 1e3] }"# })
    }

    @Test("an event nested too deep or malformed inside is DROP alone; the entries around it reach the function")
    func unreadableEntry() async throws {
        let subscriber = BulkSubscriber { events in events.map { _ in .success } }
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let body = Self.body([
            Self.entry("1", Self.event("ev-1")),
            Self.entry("2", #"{"specversion":"1.0","id":"x","source":"s","type":"t","data":\#(deep)}"#),
            Self.entry("3", #"{"specversion":"1.0","id":"y","source":"s","type":"t","data":{"a" 1, "s": "}]"}}"#),
            Self.entry("4", Self.event("ev-4")),
        ])
        let response = try await deliver(body, to: subscriber)
        #expect(response.status == .ok)
        let expected =
            #"{"statuses":[{"entryId":"1","status":"SUCCESS"},{"entryId":"2","status":"DROP"},"#
            + #"{"entryId":"3","status":"DROP"},{"entryId":"4","status":"SUCCESS"}]}"#
        #expect(String(decoding: response.body, as: UTF8.self) == expected)
        #expect(subscriber.calls.all == [["ev-1", "ev-4"]])
    }

    @Test("a thrown error or a short answer is RETRY for the events it covers; DROP entries stay DROP")
    func failures() async throws {
        let thrower = BulkSubscriber { _ in throw Failure() }
        let body = Self.body([Self.entry("1", Self.event("ev-1")), Self.entry("2", "null"), Self.entry("3", Self.event("ev-3"))])
        let thrown = try await deliver(body, to: thrower)
        #expect(
            String(decoding: thrown.body, as: UTF8.self)
                == #"{"statuses":[{"entryId":"1","status":"RETRY"},{"entryId":"2","status":"DROP"},{"entryId":"3","status":"RETRY"}]}"#
        )
        let short = try await deliver(body, to: BulkSubscriber { _ in [.success] })
        #expect(
            String(decoding: short.body, as: UTF8.self)
                == #"{"statuses":[{"entryId":"1","status":"SUCCESS"},{"entryId":"2","status":"DROP"},{"entryId":"3","status":"RETRY"}]}"#
        )
    }

    @Test(
        "a body that is no bulk envelope is answered 400 (a retry, never a drop of the bulk) and never reaches the function",
        arguments: [
            "oops", "", "{}", "[]", #"{"entries":{}}"#, #"{"entries":[}"#, #"{"entries":[]"#, #"{"entries":[],"x":}"#,
            #"{"entries":[{"entryId":"1","event":{"id":"#, String(repeating: "[", count: 10_000),
        ])
    func malformed(body: String) async throws {
        let subscriber = BulkSubscriber { events in events.map { _ in .success } }
        let response = try await deliver(Array(body.utf8), to: subscriber)
        #expect(response.status == .badRequest)
        #expect(
            String(decoding: response.body, as: UTF8.self).hasPrefix(#"{"error":{"message":"the bulk delivery cannot be read"#))
        #expect(subscriber.calls.all.isEmpty)
    }

    @Test("entries without a string entryId are left out; an empty entries array is an empty answer")
    func unanswerable() async throws {
        let subscriber = BulkSubscriber { events in events.map { _ in .success } }
        let body = Array(#"{"entries":[1,"x",{"entryId":5,"event":{}},{"event":{}},{"entryId":"ok","event":"aGk="}]}"#.utf8)
        let response = try await deliver(body, to: subscriber)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"statuses":[{"entryId":"ok","status":"SUCCESS"}]}"#)
        let raw = try #require(subscriber.calls.all.first)
        #expect(raw == ["ok"])
        let empty = try await deliver(Array(#"{"entries":[]}"#.utf8), to: subscriber)
        #expect(String(decoding: empty.body, as: UTF8.self) == #"{"statuses":[]}"#)
    }

    @Test("a single structured CloudEvent on a bulk route is handled as a single delivery")
    func singleOnBulkRoute() async throws {
        struct Plain: RoutedFunction, CloudEventFunction {
            static let subscriptions = BulkSubscriber.subscriptions
            func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus { .success }
        }
        let request = HTTPRequest(
            method: .post, target: "/bulk", headers: ["Content-Type": "application/cloudevents+json"],
            body: Array(Self.event("single").utf8))
        let response = try await Plain().handle(request, context: .forTesting())
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"status":"SUCCESS"}"#)
        let bulk = try await Plain().handle(
            HTTPRequest(
                method: .post, target: "/bulk", headers: ["Content-Type": "application/json"],
                body: Self.body([Self.entry("1", Self.event("a")), Self.entry("2", Self.event("b"))])),
            context: .forTesting())
        #expect(
            String(decoding: bulk.body, as: UTF8.self)
                == #"{"statuses":[{"entryId":"1","status":"SUCCESS"},{"entryId":"2","status":"SUCCESS"}]}"#)
    }
}
