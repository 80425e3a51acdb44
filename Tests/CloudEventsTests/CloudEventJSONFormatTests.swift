import CloudEvents
import FoundationEssentials
import Testing

@Suite struct CloudEventJSONFormatTests {
    private func decode(_ json: String) throws(CloudEventError) -> CloudEvent {
        try CloudEvent(jsonBytes: Array(json.utf8))
    }

    private func error(_ json: String) -> CloudEventError? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return error
        }
    }

    private let head = #""specversion":"1.0","id":"1","source":"/s","type":"t""#

    @Test("decodes the required attributes and embedded JSON data")
    func decodesMinimal() throws {
        let event = try decode(
            #"{"specversion":"1.0","type":"com.example.someevent","source":"/mycontext/subcontext","id":"1234-1234-1234","datacontenttype":"application/json","data":{"message":"Hello World!"}}"#
        )
        #expect(event.id == "1234-1234-1234")
        #expect(event.source == "/mycontext/subcontext")
        #expect(event.type == "com.example.someevent")
        #expect(event.datacontenttype == "application/json")
        #expect(event.data?.kind == .json)
        #expect(event.data?.text == #"{"message":"Hello World!"}"#)
        struct Message: Decodable { var message: String }
        #expect(try event.decodeData(as: Message.self).message == "Hello World!")
    }

    @Test("a null optional attribute is absent, an empty one is invalid, a null id is missing")
    func nullsAndEmpties() throws {
        #expect(try decode("{\(head),\"subject\":null}").subject == nil)
        #expect(error("{\(head),\"subject\":\"\"}")?.code == .invalidAttribute)
        #expect(error("{\(head),\"subject\":\"\"}")?.attribute == "subject")
        let nullID = error(#"{"specversion":"1.0","id":null,"source":"/s","type":"t"}"#)
        #expect(nullID?.code == .missingAttribute)
        #expect(nullID?.attribute == "id")
    }

    @Test("each missing required attribute is named", arguments: ["id", "source", "type", "specversion"])
    func missingRequired(name: String) {
        var members = ["specversion": "1.0", "id": "1", "source": "/s", "type": "t"]
        members[name] = nil
        let json = "{" + members.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
        let failure = error(json)
        #expect(failure?.code == .missingAttribute)
        #expect(failure?.attribute == name)
    }

    @Test("a spec version other than 1.0 is never treated as 1.0", arguments: ["0.3", "2.0", "1.0.2"])
    func badSpecVersion(version: String) {
        let failure = error(#"{"specversion":"\#(version)","id":"1","source":"/s","type":"t"}"#)
        #expect(failure?.code == .unsupportedSpecVersion)
    }

    @Test("time must be RFC 3339, dataschema absolute, source a URI reference")
    func typedAttributes() throws {
        #expect(try decode("{\(head),\"time\":\"2018-04-05T17:31:00Z\"}").time == "2018-04-05T17:31:00Z")
        #expect(error("{\(head),\"time\":\"yesterday\"}")?.attribute == "time")
        #expect(error("{\(head),\"dataschema\":\"/relative\"}")?.attribute == "dataschema")
        #expect(try decode("{\(head),\"dataschema\":\"https://todo.example/schemas/task.json\"}").dataschema != nil)
        #expect(try decode(#"{"specversion":"1.0","id":"1","source":"/mycontext","type":"t"}"#).source == "/mycontext")
        #expect(error(#"{"specversion":"1.0","id":"1","source":"a b","type":"t"}"#)?.attribute == "source")
        #expect(error("{\(head),\"datacontenttype\":\"not a media type\"}")?.attribute == "datacontenttype")
        #expect(error("{\(head),\"id\":5}") != nil)
    }

    @Test("integer extensions are typed and range checked")
    func integerExtensions() throws {
        let event = try decode("{\(head),\"comexampleothervalue\":5,\"flag\":true,\"neg\":-2147483648}")
        #expect(event.extensions["comexampleothervalue"] == .integer(5))
        #expect(event.extensions["flag"] == .boolean(true))
        #expect(event.extensions["neg"] == .integer(Int32.min))
        #expect(error("{\(head),\"big\":2147483648}")?.attribute == "big")
        #expect(error("{\(head),\"frac\":1.5}")?.attribute == "frac")
        #expect(error("{\(head),\"obj\":{\"a\":1}}")?.attribute == "obj")
    }

    @Test("extension names follow [a-z0-9]; long names pass; data-like names are rejected")
    func extensionNames() throws {
        #expect(try decode("{\(head),\"comexampleextension1\":\"ok\"}").extensions.count == 1)
        #expect(error("{\(head),\"my-ext\":\"x\"}")?.code == .invalidExtensionName)
        #expect(error("{\(head),\"MyExt\":\"x\"}")?.code == .invalidExtensionName)
        #expect(try decode("{\(head),\"abcdefghijklmnopqrstu\":\"21 chars\"}").extensions.count == 1)
        #expect(error("{\(head),\"\":\"x\"}")?.code == .invalidExtensionName)
    }

    @Test("strings with control characters or unpaired surrogates are invalid")
    func illegalCharacters() {
        #expect(error("{\(head),\"subject\":\"bell\\u0007\"}")?.attribute == "subject")
        #expect(error("{\(head),\"subject\":\"\\uDEAD\"}")?.code == .invalidJSON)
        #expect(error("{\(head),\"subject\":\"c1\u{85}\"}")?.attribute == "subject")
        #expect(error("{\(head),\"subject\":\"nonchar\u{FFFE}\"}")?.attribute == "subject")
    }

    @Test("an escaped key means the same member, and DEL or escaped controls in any string are invalid")
    func escapedKeysAndControls() throws {
        #expect(try decode(#"{"specversion":"1.0","\u0069d":"7","source":"/s","type":"t"}"#).id == "7")
        #expect(error("{\(head),\"\\u0069d\":\"again\"}")?.code == .duplicateAttribute)
        #expect(error("{\(head),\"subject\":\"del\u{7F}\"}")?.attribute == "subject")
        #expect(error("{\(head),\"ext\":\"tab\\there\"}")?.attribute == "ext")
        #expect(error("{\(head),\"caf\u{E9}\":\"x\"}")?.code == .invalidExtensionName)
    }

    @Test("a surrogate pair escape decodes to one scalar")
    func surrogatePair() throws {
        #expect(try decode("{\(head),\"subject\":\"\\uD83D\\uDE00 ok\"}").subject == "😀 ok")
    }

    @Test("data and data_base64 together are rejected")
    func conflictingData() {
        #expect(error("{\(head),\"data\":1,\"data_base64\":\"AA==\"}")?.code == .conflictingData)
    }

    @Test("data_base64 decodes to bytes")
    func base64Data() throws {
        let event = try decode("{\(head),\"data_base64\":\"Zm9vYg==\"}")
        #expect(event.data == .binary(Array("foob".utf8)))
        #expect(error("{\(head),\"data_base64\":\"***\"}")?.code == .invalidData)
    }

    @Test("a JSON string as data stays a string and is never parsed twice")
    func noDoubleDecode() throws {
        let event = try decode("{\(head),\"datacontenttype\":\"application/json\",\"data\":\"{\\\"a\\\":1}\"}")
        #expect(event.data?.kind == .json)
        #expect(try event.decodeData(as: String.self) == #"{"a":1}"#)
        let implied = try decode("{\(head),\"data\":\"I'm just a string\"}")
        #expect(try implied.decodeData(as: String.self) == "I'm just a string")
    }

    @Test("+json content types embed data; other types keep a string")
    func contentTypes() throws {
        let vendor = try decode("{\(head),\"datacontenttype\":\"application/vnd.acme+json\",\"data\":{\"k\":[1,2]}}")
        #expect(vendor.data?.kind == .json)
        let xml = try decode("{\(head),\"datacontenttype\":\"text/xml\",\"data\":\"<much wow=\\\"xml\\\"/>\"}")
        #expect(xml.data == .text(#"<much wow="xml"/>"#))
        #expect(String(decoding: xml.jsonBytes(), as: UTF8.self).contains(#""data":"<much wow=\"xml\"/>""#))
    }

    @Test("data null is kept apart from no data")
    func explicitNull() throws {
        #expect(try decode("{\(head),\"data\":null}").data?.text == "null")
        #expect(try decode("{\(head)}").data == nil)
    }

    @Test("duplicate members are an error, not last-wins")
    func duplicates() {
        #expect(error("{\(head),\"id\":\"2\"}")?.code == .duplicateAttribute)
        #expect(error("{\(head),\"ext\":\"a\",\"ext\":\"b\"}")?.code == .duplicateAttribute)
        #expect(error("{\(head),\"data\":1,\"data\":2}")?.code == .duplicateAttribute)
    }

    @Test(
        "malformed JSON is reported as invalid JSON",
        arguments: [
            "", "[]", "{", "{\"specversion\":\"1.0\"", "{\"specversion\":\"1.0\",}", "{\"id\" \"1\"}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"} x",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":[1,}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":01}",
            "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\",\"data\":tru}",
        ])
    func malformed(json: String) {
        #expect(error(json)?.code == .invalidJSON)
    }

    @Test("invalid UTF-8 is rejected, inside attributes and inside data")
    func invalidUTF8() {
        for bad: [UInt8] in [[0xC0, 0xA0], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82]] {
            let inSubject = Array("{\(head),\"subject\":\"".utf8) + bad + Array("\"}".utf8)
            let inData = Array("{\(head),\"data\":{\"k\":\"".utf8) + bad + Array("\"}}".utf8)
            for body in [inSubject, inData] {
                #expect(throws: CloudEventError.self) { try CloudEvent(jsonBytes: body) }
            }
        }
    }

    @Test("deep nesting in data is an error, not a stack overflow")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(error("{\(head),\"data\":\(deep)}")?.code == .invalidJSON)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try decode("{\(head),\"data\":\(fine)}").data?.kind == .json)
    }

    @Test("encoding then decoding gives the same event")
    func roundTrip() throws {
        var event = CloudEvent(
            id: "id \"quoted\"", source: "/task-crud", type: "com.todo.task.created.v1",
            subject: "line\\back", time: "2026-11-26T05:00:00.123Z")
        event.extensions["partitionkey"] = "alice"
        event.extensions["attempt"] = 3
        event.extensions["retry"] = false
        event.data = try .json(["title": "Tom & Jerry ✓"])
        try event.validate()
        let decoded = try CloudEvent(jsonBytes: event.jsonBytes())
        #expect(decoded == event)
        #expect(decoded.extensions["attempt"] == .integer(3))
        var bytes = event
        bytes.datacontenttype = "application/octet-stream"
        bytes.data = .binary([0, 1, 2, 255])
        #expect(try CloudEvent(jsonBytes: bytes.jsonBytes()) == bytes)
    }

    @Test("a batch is an array: empty, two events, mixed versions, not an array")
    func batches() throws {
        #expect(try CloudEvent.decodeBatch(Array("[]".utf8)).isEmpty)
        let two = "[{\(head)},{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\"}]"
        #expect(try CloudEvent.decodeBatch(Array(two.utf8)).map(\.id) == ["1", "2"])
        let mixed = "[{\(head)},{\"specversion\":\"0.3\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\"}]"
        #expect(throws: CloudEventError.self) { try CloudEvent.decodeBatch(Array(mixed.utf8)) }
        do {
            _ = try CloudEvent.decodeBatch(Array("{\(head)}".utf8))
            Issue.record("an object is not a batch")
        } catch {
            #expect(error.code == .invalidBatch)
        }
        let events = try CloudEvent.decodeBatch(Array(two.utf8))
        #expect(try CloudEvent.decodeBatch(CloudEvent.batchJSONBytes(events)) == events)
        #expect(throws: CloudEventError.self) { try CloudEvent.decodeBatch(Array(two.utf8), maxEvents: 1) }
    }

    @Test("a 64 KB event is accepted")
    func largeEvent() throws {
        let payload = String(repeating: "x", count: 64 * 1024)
        let event = try decode("{\(head),\"data\":{\"blob\":\"\(payload)\"}}")
        #expect(event.data?.bytes.count == 64 * 1024 + 11)
    }
}
