import CloudEvents
import HTTPTypes
import Testing

/// Bodies exactly as Dapr delivers them (keys sorted by Go's `json.Marshal`, `&`/`<`/`>` escaped, its extras).
@Suite struct DaprDeliveryTests {
    private func deliver(_ fixture: String) throws -> CloudEvent {
        let request = HTTPRequest(
            method: .post, target: "/events/task-events",
            headers: ["Content-Type": "application/cloudevents+json", "Pubsubname": "todo-pubsub"],
            body: try Fixture.bytes(fixture))
        return try CloudEvent(request: request)
    }

    @Test("a published task event arrives with Dapr's topic, pubsubname and trace attributes")
    func taskCreated() throws {
        let event = try deliver("dapr-task-created.json")
        #expect(event.type == "com.todo.task.created.v1")
        #expect(event.source == "/task-crud")
        #expect(event.subject == "0b6f5a1e-5c0a-4f7e-9a51-1f0c2a9d7e11")
        #expect(event.extensions["topic"] == "task-events")
        #expect(event.extensions["pubsubname"] == "todo-pubsub")
        #expect(event.extensions["partitionkey"] == "alice")
        #expect(event.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(event.extensions["tracestate"] == "")
        #expect(event.tracestate == nil)
        struct Payload: Decodable {
            struct Task: Decodable { var title: String; var description: String; var tags: [String] }
            var task: Task
        }
        let payload = try event.decodeData(as: Payload.self)
        #expect(payload.task.description == "Milk & eggs <weekly>")
        #expect(payload.task.tags == ["home", "errands"])
    }

    @Test("a wrapped application/json publish keeps data as JSON")
    func wrappedJSON() throws {
        let event = try deliver("dapr-wrapped-json.json")
        #expect(event.type == "order.created")
        #expect(event.data?.text == #"{"orderId":1}"#)
        #expect(event.extensions["traceid"] == event.extensions["traceparent"])
    }

    @Test("text/plain data is a string, octet-stream is bytes, raw payload is bytes")
    func nonJSON() throws {
        #expect(try deliver("dapr-text-plain.json").data?.kind == .text)
        #expect(try deliver("dapr-text-plain.json").data?.text == "hello")
        #expect(try deliver("dapr-octet-stream.json").data?.kind == .binary)
        #expect(try deliver("dapr-octet-stream.json").data?.bytes == [1, 2])
        let raw = try deliver("dapr-raw-payload.json")
        #expect(raw.data == .binary(Array("abc".utf8)))
        #expect(raw.source == "Dapr")
    }

    @Test("a 20-digit number in data keeps every digit, since data is kept as text")
    func bigNumber() throws {
        let event = try deliver("dapr-big-number.json")
        #expect(event.data?.text == #"{"n":12345678901234567890}"#)
        #expect(event.extensions["expiration"] == "2026-11-26T06:01:00Z")
    }

    @Test("the conformance event decodes, and re-encodes identically in both modes")
    func conformance() throws {
        let event = try deliver("conformance-v1-structured.json")
        #expect(event.extensions["comexampleextension1"] == "value")
        #expect(event.extensions["comexampleextension2"] == #"{"othervalue": 5}"#)
        for mode in [CloudEventHTTPMode.binary, .structured] {
            let message = event.httpMessage(mode: mode)
            #expect(try CloudEvent.decode(headers: message.headers, body: message.body) == event)
        }
    }

    @Test(
        "every fixture survives a structured re-encode unchanged",
        arguments: [
            "dapr-task-created.json", "dapr-wrapped-json.json", "dapr-text-plain.json", "dapr-octet-stream.json",
            "dapr-raw-payload.json", "dapr-big-number.json", "conformance-v1-structured.json",
        ])
    func reencode(fixture: String) throws {
        let event = try deliver(fixture)
        #expect(try CloudEvent(jsonBytes: event.jsonBytes()) == event)
    }
}
