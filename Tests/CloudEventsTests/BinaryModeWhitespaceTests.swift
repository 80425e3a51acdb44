import CloudEvents
import HTTPTypes
import Testing

/// A regression found by the binary-mode header fuzzer: a JSON body with whitespace around the value must survive
/// a structured round trip (the JSON format cannot carry that whitespace).
@Suite struct BinaryModeWhitespaceTests {
    @Test("a binary-mode JSON body with surrounding whitespace round-trips through the structured mode")
    func whitespaceAroundJSONBody() throws {
        let headers: HTTPHeaders = ["ce-specversion": "1.0", "ce-id": "1", "ce-source": "/s", "ce-type": #"t\\"x"#]
        let event = try CloudEvent.decode(headers: headers, body: Array("\n1\n\n".utf8))
        #expect(event.data?.bytes == Array("1".utf8))
        let structured = event.httpMessage(mode: .structured)
        #expect(try CloudEvent.decode(headers: structured.headers, body: structured.body) == event)
    }
}
