import EmbeddedRuntime
import Testing

@Suite("JSONValue parses strictly and serialises like Go's json.Marshal of a map")
struct JSONValueTests {
    @Test("numbers keep their literal text and object keys come out sorted")
    func roundTrip() throws {
        let value = try JSONValue.parse(
            Array(#" {"b": [1, 2.5e3, -0.0], "a": {"n": 12345678901234567890}, "s": "x\"\u00e9<"} "#.utf8))
        #expect(value.text == #"{"a":{"n":12345678901234567890},"b":[1,2.5e3,-0.0],"s":"x\"é\u003c"}"#)
    }

    @Test("object keys are sorted by their UTF-8 bytes, so render → parse → render keeps the bytes (found by JSONFuzzer)")
    func keyOrderIsByteOrder() throws {
        // A decomposed é ("e" + U+0301), a precomposed one and ASCII: String's `<` put them in an order that depended
        // on how they were read.
        let value = try JSONValue.parse(Array("{\"k\":1,\"k\":2,\"e\u{301}\":3,\"\u{e9}9\":4}".utf8))
        #expect(value.bytes == Array("{\"e\u{301}\":3,\"k\":2,\"\u{e9}9\":4}".utf8))
        #expect(try JSONValue.parse(value.bytes).bytes == value.bytes)
    }

    @Test("escapes and surrogate pairs decode")
    func escapes() throws {
        #expect(try JSONValue.parse(Array(#""a\nb\t\/\ud83d\ude00""#.utf8)) == .string("a\nb\t/😀"))
    }

    @Test(
        "bad input throws instead of crashing",
        arguments: [
            "", "{", "[1,", "{\"a\"}", "01", "1.", "-", "tru", "\"abc", "[1 2]", "{\"a\":1,}", "\"\\x\"", "nul",
            String(repeating: "[", count: 10_000),
        ])
    func rejects(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test("route rules: equality on event fields, && and ||, unsupported expressions never match")
    func routeMatcher() throws {
        let event = try JSONValue.parse(Array(#"{"type":"x","data":{"kind":"w","n":2}}"#.utf8))
        #expect(RouteMatcher.matches(#"event.type == "x""#, event: event))
        #expect(RouteMatcher.matches(#"event.data.kind == 'w' && event.data.n == 2"#, event: event))
        #expect(RouteMatcher.matches(#"event.type == "y" || event.type != "z""#, event: event))
        #expect(!RouteMatcher.matches(#"event.type == "y""#, event: event))
        #expect(!RouteMatcher.matches("event.type == order", event: event))
        #expect(!RouteMatcher.matches("size(event.data) > 1", event: event))
    }
}
