import CloudEvents
import HTTPTypes
import JSON
import Testing

@Suite struct CloudEventHTTPBindingTests {
    private let binaryHeaders: HTTPHeaders = [
        "ce-specversion": "1.0", "ce-id": "1234-1234-1234", "ce-source": "/mycontext/subcontext",
        "ce-type": "com.example.someevent", "ce-time": "2018-04-05T03:56:24Z", "Content-Type": "application/json",
    ]
    private let helloBody = Array(#"{"message":"Hello World!"}"#.utf8)

    private func failure(_ headers: HTTPHeaders, _ body: [UInt8] = []) -> CloudEventError? {
        do {
            _ = try CloudEvent.decode(headers: headers, body: body)
            return nil
        } catch {
            return error
        }
    }

    @Test("a binary POST decodes attributes from ce- headers and data from the body")
    func binaryConformance() throws {
        let request = HTTPRequest(method: .post, target: "/", headers: binaryHeaders, body: helloBody)
        let event = try CloudEvent(request: request)
        #expect(event.id == "1234-1234-1234")
        #expect(event.source == "/mycontext/subcontext")
        #expect(event.type == "com.example.someevent")
        #expect(event.time == "2018-04-05T03:56:24Z")
        #expect(event.datacontenttype == "application/json")
        #expect(event.data?.bytes == helloBody)
    }

    @Test("the Content-Type parameter is kept verbatim as datacontenttype")
    func charsetKept() throws {
        var headers = binaryHeaders
        headers["Content-Type"] = "application/json; charset=utf-8"
        #expect(try CloudEvent.decode(headers: headers, body: helloBody).datacontenttype == "application/json; charset=utf-8")
    }

    @Test(
        "structured content types are detected case-insensitively, with or without charset",
        arguments: [
            "application/cloudevents+json", "application/cloudevents+json; charset=utf-8", "APPLICATION/CloudEvents+JSON",
        ])
    func structured(contentType: String) throws {
        let body = Array(
            #"{"specversion":"1.0","type":"com.example.someevent","source":"/mycontext/subcontext","id":"1234-1234-1234","time":"2018-04-05T03:56:24Z","datacontenttype":"application/json","data":{"message":"Hello World!"}}"#
                .utf8)
        let event = try CloudEvent.decode(headers: ["Content-Type": contentType], body: body)
        #expect(try CloudEventHTTPMode.detect(["content-type": contentType]) == .structured)
        #expect(event.id == "1234-1234-1234")
        #expect(event.data?.bytes == helloBody)
    }

    @Test("in structured mode the body wins over ce- headers")
    func structuredIgnoresHeaders() throws {
        let body = Array(#"{"specversion":"1.0","id":"from-body","source":"/s","type":"t"}"#.utf8)
        let event = try CloudEvent.decode(
            headers: ["Content-Type": "application/cloudevents+json", "ce-id": "from-header", "ce-specversion": "1.0"],
            body: body)
        #expect(event.id == "from-body")
    }

    @Test("ce- header names are case-insensitive")
    func headerCase() throws {
        let event = try CloudEvent.decode(
            headers: ["CE-SPECVERSION": "1.0", "CE-ID": "1", "Ce-Type": "t", "cE-Source": "/s", "CE-MyExt": "v"],
            body: [])
        #expect(event.id == "1")
        #expect(event.type == "t")
        #expect(event.extensions["myext"] == "v")
    }

    @Test("batched mode: empty, two events, mixed versions")
    func batched() throws {
        let headers: HTTPHeaders = ["Content-Type": "application/cloudevents-batch+json"]
        #expect(try CloudEvent.decodeAll(headers: headers, body: Array("[]".utf8)).isEmpty)
        let events = [
            CloudEvent(id: "1", source: "/s", type: "t"), CloudEvent(id: "2", source: "/s", type: "t", subject: "x"),
        ]
        let message = CloudEvent.batchHTTPMessage(events)
        #expect(try CloudEvent.decodeAll(headers: message.headers, body: message.body) == events)
        let mixed =
            #"[{"specversion":"1.0","id":"1","source":"/s","type":"t"},{"specversion":"0.3","id":"2","source":"/s","type":"t"}]"#
        #expect(failure(headers, Array(mixed.utf8))?.code == .invalidBatch)
        #expect(throws: CloudEventError.self) { try CloudEvent.decodeAll(headers: headers, body: Array(mixed.utf8)) }
    }

    @Test("an unsupported structured format is binary with ce- headers and 415 without")
    func avro() throws {
        var headers = binaryHeaders
        headers["Content-Type"] = "application/cloudevents+avro"
        #expect(try CloudEvent.decode(headers: headers, body: [1, 2]).data?.bytes == [1, 2])
        let bare = failure(["Content-Type": "application/cloudevents+avro"], [1])
        #expect(bare?.code == .unsupportedFormat)
        #expect(bare?.httpStatus == .unsupportedMediaType)
    }

    @Test("a message with no ce- headers and a plain content type is not a CloudEvent (415)")
    func notACloudEvent() {
        let error = failure(["Content-Type": "application/json"], helloBody)
        #expect(error?.code == .notACloudEvent)
        #expect(error?.httpStatus.code == 415)
    }

    @Test("missing ce-id, ce-source or ce-type is a 400 naming the attribute", arguments: ["ce-id", "ce-source", "ce-type"])
    func missingHeader(name: String) {
        var headers = binaryHeaders
        headers[name] = nil
        let error = failure(headers, helloBody)
        #expect(error?.code == .missingAttribute)
        #expect(error?.attribute == String(name.dropFirst(3)))
        #expect(error?.httpStatus == .badRequest)
        headers[name] = ""
        #expect(failure(headers, helloBody)?.code == .missingAttribute)
    }

    @Test("ce-specversion 0.3 or 2.0 is rejected", arguments: ["0.3", "2.0"])
    func badSpecVersionHeader(version: String) {
        var headers = binaryHeaders
        headers["ce-specversion"] = version
        #expect(failure(headers, helloBody)?.code == .unsupportedSpecVersion)
    }

    @Test("a ce-datacontenttype header in binary mode is invalid")
    func forbiddenHeader() {
        var headers = binaryHeaders
        headers["ce-datacontenttype"] = "application/json"
        #expect(failure(headers, helloBody)?.code == .forbiddenHeader)
    }

    @Test("an overlong UTF-8 header value is rejected")
    func overlongHeader() {
        var headers = binaryHeaders
        headers["ce-subject"] = "%C0%A0"
        #expect(failure(headers)?.code == .invalidHeaderValue)
    }

    @Test("a repeated ce- header or a bad extension name is rejected")
    func repeatedHeader() {
        var headers = binaryHeaders
        headers.add(name: "CE-ID", value: "again")
        #expect(failure(headers)?.code == .duplicateAttribute)
        var named = binaryHeaders
        named["ce-my-ext"] = "x"
        #expect(failure(named)?.code == .invalidExtensionName)
    }

    @Test("binary JSON that is not JSON fails only when typed data is asked for")
    func unquotedString() throws {
        let event = try CloudEvent.decode(headers: binaryHeaders, body: Array("I'm just a string".utf8))
        #expect(event.data?.kind == .binary)
        #expect(throws: CloudEventError.self) { try event.decodeData(as: String.self) }
    }

    @Test("an implied JSON content type becomes explicit in binary mode, quotes kept")
    func impliedJSON() throws {
        let event = try CloudEvent(
            jsonBytes: Array(#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":"I'm just a string"}"#.utf8))
        let message = event.httpMessage(mode: .binary)
        #expect(message.headers["Content-Type"] == "application/json")
        #expect(message.headers["ce-datacontenttype"] == nil)
        #expect(message.body == Array(#""I'm just a string""#.utf8))
        #expect(try CloudEvent.decode(headers: message.headers, body: message.body).data == event.data)
    }

    @Test("data_base64 goes out as raw bytes, with Content-Type only when one was set")
    func base64ToBinary() throws {
        let event = try CloudEvent(
            jsonBytes: Array(#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data_base64":"Zm9vYg=="}"#.utf8))
        let message = event.httpMessage()
        #expect(message.body == Array("foob".utf8))
        #expect(message.headers["Content-Type"] == nil)
    }

    @Test("an XML string goes out as the bare XML body")
    func xmlBody() throws {
        let event = CloudEvent(
            id: "1", source: "/s", type: "t", datacontenttype: "application/xml", data: .text(#"<much wow="xml"/>"#))
        let message = event.httpMessage()
        #expect(message.body == Array(#"<much wow="xml"/>"#.utf8))
        #expect(message.headers["Content-Type"] == "application/xml")
        let decoded = try CloudEvent.decode(headers: message.headers, body: message.body)
        #expect(decoded == event)
        #expect(decoded.data?.kind == .text)
        let bytes = CloudEvent(
            id: "1", source: "/s", type: "t", datacontenttype: "application/octet-stream", data: .binary([0x41]))
        let binary = bytes.httpMessage()
        #expect(try CloudEvent.decode(headers: binary.headers, body: binary.body).data?.kind == .binary)
    }

    @Test("binary and structured round trips keep the event, percent-encoding on the wire")
    func roundTrips() throws {
        var event = CloudEvent(
            id: "e-1", source: "/task-crud", type: "com.todo.task.created.v1", datacontenttype: "application/json",
            subject: "Euro € 😀", time: "2026-11-26T05:00:00Z")
        event.extensions["partitionkey"] = "alice"
        event.extensions["comexampleothervalue"] = 5
        event.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        event.tracestate = "congo=t61rcWkgMzE"
        event.data = try .json(bytes: Array(#"{"a":1}"#.utf8))
        let binary = event.httpMessage(mode: .binary)
        #expect(binary.headers["ce-subject"] == "Euro%20%E2%82%AC%20%F0%9F%98%80")
        #expect(binary.headers["traceparent"] == event.traceparent)
        #expect(binary.headers["ce-traceparent"] == event.traceparent)
        #expect(try CloudEvent.decode(headers: binary.headers, body: binary.body) == event)
        let structured = HTTPResponse(event: event, mode: .structured)
        #expect(structured.headers["Content-Type"] == "application/cloudevents+json")
        #expect(structured.headers["tracestate"] == "congo=t61rcWkgMzE")
        #expect(try CloudEvent(response: structured) == event)
        let request = HTTPRequest(target: "/events", event: event)
        #expect(try CloudEvent(request: request) == event)
    }

    @Test("outbound binary encoding writes RFC 3339 time and no ce-datacontenttype")
    func outbound() throws {
        var event = CloudEvent(id: "1", source: "/s", type: "t")
        let date = try #require(RFC3339.parse("2026-11-26T05:00:00.250Z"))
        event.timestamp = date
        let message = event.httpMessage()
        #expect(message.headers["ce-time"] == "2026-11-26T05:00:00.250Z")
        #expect(!message.headers.contains("ce-datacontenttype"))
        #expect(message.body.isEmpty)
    }
}
