import CloudEvents
import HTTPTypes
import Testing

@Suite struct CloudEventValidationTests {
    private func failure(_ event: CloudEvent) -> CloudEventError? {
        do {
            try event.validate()
            return nil
        } catch {
            return error
        }
    }

    @Test("an extension named data or after a core attribute is rejected, in the model and in headers")
    func reservedNames() {
        var event = CloudEvent(id: "1", source: "/s", type: "t")
        event.extensions["data"] = "x"
        #expect(failure(event)?.code == .invalidExtensionName)
        event.extensions["data"] = nil
        event.extensions["subject"] = "x"
        #expect(failure(event)?.code == .invalidExtensionName)
        let headers: HTTPHeaders = ["ce-specversion": "1.0", "ce-id": "1", "ce-source": "/s", "ce-type": "t", "ce-data": "x"]
        #expect(throws: CloudEventError.self) { try CloudEvent.decode(headers: headers, body: []) }
    }

    @Test("typed extension values are checked by their type")
    func typedExtensions() throws {
        var event = CloudEvent(id: "1", source: "/s", type: "t")
        event.extensions["schema"] = .uri("https://example.com/s.json")
        event.extensions["ref"] = .uriReference("../a?b=c#d")
        event.extensions["when"] = .timestamp("2026-11-26T05:00:00+01:00")
        event.extensions["blob"] = .binary([0xDE, 0xAD])
        try event.validate()
        #expect(event.extensions["blob"]?.canonicalString == "3q0=")
        event.extensions["schema"] = .uri("/relative")
        #expect(failure(event)?.attribute == "schema")
        event.extensions["schema"] = nil
        event.extensions["when"] = .timestamp("soon")
        #expect(failure(event)?.attribute == "when")
        event.extensions["when"] = nil
        event.extensions["ref"] = .uriReference("bad ref")
        #expect(failure(event)?.attribute == "ref")
    }

    @Test("values compare by canonical string, so a typed value equals what a binding reads back")
    func canonicalEquality() {
        #expect(CloudEventAttributeValue.integer(5) == .string("5"))
        #expect(CloudEventAttributeValue.uri("https://x") == .string("https://x"))
        #expect(CloudEventAttributeValue.boolean(true) != .string("True"))
    }

    @Test("an empty optional attribute in the model is invalid")
    func emptyOptional() {
        #expect(failure(CloudEvent(id: "1", source: "/s", type: "t", subject: ""))?.attribute == "subject")
        #expect(failure(CloudEvent(id: "1", source: "/s", type: "t", datacontenttype: ""))?.attribute == "datacontenttype")
        #expect(failure(CloudEvent(id: "", source: "/s", type: "t"))?.code == .missingAttribute)
    }

    /// The six events of cloudevents/conformance `yaml/v1.0/v1_minimum.yaml`.
    private static let minimum: [(String, String)] = [
        ("text/plain; charset=us-ascii", "Hello, World!"),
        ("text/plain; charset=utf-8", "Hello, 🌎!"),
        ("application/json; charset=utf-8", #""Hello, World!""#),
        ("application/json; charset=utf-8", #"{"msg":"Hello, World!"}"#),
        ("application/json; charset=utf-8", #"["Hello","World!"]"#),
        ("application/xml; charset=utf-8", "<msg>Hello, World!</msg>"),
    ]

    @Test("the conformance minimum events replay through both modes unchanged", arguments: 0..<6)
    func conformanceMinimum(position: Int) throws {
        let (contentType, text) = Self.minimum[position]
        let data: CloudEventData = MediaType.isJSON(contentType) ? try .json(bytes: Array(text.utf8)) : .text(text)
        let event = CloudEvent(
            id: "conformance-000\(position + 1)", source: "//github.com/cloudevents/cloudeventsconformance/yaml/v1.yaml",
            type: "io.cloudevents.minimum", datacontenttype: contentType, data: data)
        try event.validate()
        for mode in [CloudEventHTTPMode.binary, .structured] {
            let message = event.httpMessage(mode: mode)
            let received = try CloudEvent.decode(headers: message.headers, body: message.body)
            #expect(received == event)
            #expect(received.data?.kind == data.kind)
        }
    }
}
