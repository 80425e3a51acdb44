import EmbeddedRuntime
import HTTPTypes
import JSON
import Testing

@Suite("Publish and bulk publish answer as daprd and deliver daprd's envelope")
struct PublishAPITests {
    static let resources = RuntimeHarness.defaultResources.merging([
        "sub.yaml": """
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: orders}
        spec:
          pubsubname: ps
          topic: orders
          routes: {default: /orders}
        scopes: [b]
        """,
        "scoped.yaml": """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: limited}
        spec:
          type: pubsub.kafka
          version: v1
          metadata:
          - {name: publishingScopes, value: "a=allowed"}
        """,
    ]) { $1 }

    /// Publishes and returns the CloudEvent the subscriber `b` received.
    private func roundTrip(
        _ harness: RuntimeHarness, query: String = "", headers: HTTPHeaders = [:], body: String
    ) async throws -> (HTTPResponse, HTTPRequest?) {
        harness.clearReceived()
        let response = try await harness.send(.post, "/v1.0/publish/ps/orders" + query, headers: headers, body: body)
        let received = await harness.waitUntil { !$0.isEmpty }
        return (response, received.first?.request)
    }

    @Test("a JSON body is wrapped into a CloudEvent with daprd's attributes")
    func jsonEnvelope() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources)
        defer { Task { await harness.shutdown() } }
        let (response, delivery) = try await roundTrip(
            harness, headers: ["Content-Type": "application/json"], body: #"{"a":1,"n":12345678901234567890}"#)
        #expect(response.status.code == 204)
        let request = try #require(delivery)
        #expect(request.target == "/orders")
        #expect(request.headers["Content-Type"] == "application/cloudevents+json")
        #expect(request.headers["Pubsubname"] == "ps")
        let event = try JSONValue.parse(request.body, lenient: true)
        #expect(event["data"] == .object(["a": .number("1"), "n": .number("12345678901234567890")]))
        #expect(event["datacontenttype"] == .string("application/json"))
        #expect(event["type"] == .string("com.dapr.event.sent"))
        #expect(event["source"] == .string("a"))
        #expect(event["specversion"] == .string("1.0"))
        #expect(event["topic"] == .string("orders"))
        #expect(event["pubsubname"] == .string("ps"))
        #expect(event["id"]?.stringValue?.count == 36)
        #expect(event["time"]?.stringValue?.hasSuffix("Z") == true)
        #expect(event["traceid"] == event["traceparent"])
        #expect(event["tracestate"] == .string(""))
    }

    @Test("text, invalid JSON and octet-stream bodies become data strings or data_base64")
    func otherBodies() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources)
        defer { Task { await harness.shutdown() } }
        let (_, plain) = try await roundTrip(harness, headers: ["Content-Type": ""], body: "hello")
        let plainEvent = try JSONValue.parse(try #require(plain).body, lenient: true)
        #expect(plainEvent["datacontenttype"] == .string("text/plain"))
        #expect(plainEvent["data"] == .string("hello"))
        let (_, notJSON) = try await roundTrip(harness, headers: ["Content-Type": "application/json"], body: "not json")
        #expect(try JSONValue.parse(try #require(notJSON).body, lenient: true)["data"] == .string("not json"))
        let (_, binary) = try await roundTrip(harness, headers: ["Content-Type": "application/octet-stream"], body: "\u{1}\u{2}")
        let binaryEvent = try JSONValue.parse(try #require(binary).body, lenient: true)
        #expect(binaryEvent["data_base64"] == .string("AQI="))
        #expect(binaryEvent["data"] == nil)
    }

    @Test("cloudevent overrides, pass-through CloudEvents, rawPayload and TTL")
    func overridesAndPassThrough() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources)
        defer { Task { await harness.shutdown() } }
        let (_, overridden) = try await roundTrip(
            harness,
            query: "?metadata.cloudevent.id=x&metadata.cloudevent.source=s&metadata.cloudevent.type=t&metadata.ttlInSeconds=60",
            body: "b")
        let event = try JSONValue.parse(try #require(overridden).body, lenient: true)
        #expect(event["id"] == .string("x"))
        #expect(event["source"] == .string("s"))
        #expect(event["type"] == .string("t"))
        #expect(event["expiration"]?.stringValue?.hasSuffix("Z") == true)
        let (_, passed) = try await roundTrip(
            harness, headers: ["Content-Type": "application/cloudevents+json"],
            body: #"{"specversion":"1.0","id":"1","source":"me","type":"t","topic":"evil","data":{"k":1}}"#)
        let passedEvent = try JSONValue.parse(try #require(passed).body, lenient: true)
        #expect(passedEvent["id"] == .string("1"))
        #expect(passedEvent["source"] == .string("me"))
        #expect(passedEvent["topic"] == .string("orders"))
        #expect(passedEvent["pubsubname"] == .string("ps"))
        #expect(passedEvent["data"] == .object(["k": .number("1")]))
        #expect(passedEvent["traceparent"] != nil && passedEvent["time"] != nil)
        let (_, raw) = try await roundTrip(harness, query: "?metadata.rawPayload=true", body: #"{"raw":true}"#)
        #expect(try #require(raw).body == Array(#"{"raw":true}"#.utf8))
    }

    @Test("bad publishes get daprd's status codes")
    func errors() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources)
        defer { Task { await harness.shutdown() } }
        let cases: [(String, HTTPHeaders, String, Int, String)] = [
            ("/v1.0/publish/unknown/t", [:], "x", 404, "ERR_PUBSUB_NOT_FOUND"),
            ("/v1.0/publish/ps/orders?metadata.rawPayload=maybe", [:], "x", 400, "ERR_PUBSUB_REQUEST_METADATA"),
            (
                "/v1.0/publish/ps/orders", ["Content-Type": "application/cloudevents+json"], "[1,2]", 500,
                "ERR_PUBSUB_CLOUD_EVENTS_SER"
            ),
            (
                "/v1.0/publish/ps/orders", ["Content-Type": "application/cloudevents+json"], "oops", 500,
                "ERR_PUBSUB_CLOUD_EVENTS_SER"
            ),
            ("/v1.0/publish/limited/denied", [:], "x", 403, "ERR_PUBSUB_FORBIDDEN"),
            (
                "/v1.0-alpha1/publish/bulk/ps/orders", [:],
                #"[{"entryId":"1","event":"a","contentType":"text/plain"},{"entryId":"1","event":"b","contentType":"text/plain"}]"#,
                400, "ERR_PUBSUB_EVENTS_SER"
            ),
            ("/v1.0-alpha1/publish/bulk/ps/orders", [:], #"[{"entryId":"1","event":"a"}]"#, 400, "ERR_PUBSUB_EVENTS_SER"),
            ("/v1.0-alpha1/publish/bulk/ps/orders", [:], #"{"entryId":"1"}"#, 400, "ERR_PUBSUB_EVENTS_SER"),
        ]
        for (path, headers, body, status, code) in cases {
            let response = try await harness.send(.post, path, headers: headers, body: body)
            #expect(response.status.code == status, "\(path) \(body)")
            #expect(response.json["errorCode"] == .string(code), "\(path) \(body)")
        }
        #expect(try await harness.send(.post, "/v1.0/publish/limited/allowed", body: "x").status.code == 204)
    }

    @Test("bulk publish wraps every entry and delivers each")
    func bulk() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources)
        defer { Task { await harness.shutdown() } }
        let body = #"""
            [{"entryId":"1","event":"hi","contentType":"text/plain"},
             {"entryId":"2","event":{"m":1},"contentType":"application/json"},
             {"entryId":"3","event":"AQI=","contentType":"application/octet-stream"}]
            """#
        let response = try await harness.send(
            .post, "/v1.0-alpha1/publish/bulk/ps/orders?metadata.cloudevent.type=bulk", body: body)
        #expect(response.status.code == 204)
        let received = await harness.waitUntil { $0.count >= 3 }
        let events = received.compactMap { try? JSONValue.parse($0.request.body, lenient: true) }
        #expect(events.contains { $0["data"] == .string("hi") })
        #expect(events.contains { $0["data"] == .object(["m": .number("1")]) })
        #expect(events.contains { $0["data_base64"] == .string("AQI=") })
        #expect(events.allSatisfy { $0["type"] == .string("bulk") })
    }

    @Test("an event nested deeper than the subscribers read is refused with 400, in every publish form; the limit passes")
    func nesting() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources)
        defer { Task { await harness.shutdown() } }
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        let limit = JSONNesting.maximumDepth
        let json: HTTPHeaders = ["Content-Type": "application/json"]
        let cloudEvent: HTTPHeaders = ["Content-Type": "application/cloudevents+json"]
        let event = { (data: String) in #"{"specversion":"1.0","id":"1","source":"s","type":"t","data":\#(data)}"# }
        let refused: [(String, HTTPHeaders, String)] = [
            ("/v1.0/publish/ps/orders", json, nested(limit)),  // the envelope adds the level that is one too many
            ("/v1.0/publish/ps/orders", cloudEvent, event(nested(limit))),
            ("/v1.0/publish/ps/orders", cloudEvent, event(nested(200))),
            ("/v1.0/publish/ps/orders?metadata.rawPayload=true", json, #"{"a":\#(nested(limit))}"#),
            (
                "/v1.0-alpha1/publish/bulk/ps/orders", [:],
                #"[{"entryId":"1","event":\#(nested(limit - 1)),"contentType":"application/json"}]"#
            ),
        ]
        for (path, headers, body) in refused {
            let response = try await harness.send(.post, path, headers: headers, body: body)
            #expect(response.status.code == 400, "\(path) \(body.prefix(80))")
            #expect(response.json["errorCode"] == .string("ERR_PUBSUB_EVENTS_SER"), "\(path)")
        }
        #expect(
            try await harness.send(.post, "/v1.0/publish/ps/orders", headers: json, body: nested(limit - 1)).status.code == 204)
        #expect(
            try await harness.send(.post, "/v1.0/publish/ps/orders", headers: cloudEvent, body: event(nested(limit - 1)))
                .status.code == 204)
        let received = await harness.waitUntil { $0.count >= 2 }
        #expect(received.count == 2)
    }
}
