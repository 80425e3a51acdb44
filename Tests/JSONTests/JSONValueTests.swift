import JSON
import Testing

@Suite("JSONValue: one parse over the scanner, numbers kept as their literal text, keys written sorted by bytes")
struct JSONValueTests {
    @Test("numbers keep their literal text through a round trip, keys come out sorted")
    func roundTrip() throws {
        let text = #" {"b": [1, 2.5e3, -0.0, 1E+2], "a": {"n": 12345678901234567890}, "s": "x\"é<"} "#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value.text() == #"{"a":{"n":12345678901234567890},"b":[1,2.5e3,-0.0,1E+2],"s":"x\"é<"}"#)
        #expect(value["a"]?["n"]?.numberText == "12345678901234567890")
        #expect(value["b"]?.arrayValue?.first?.int64Value == 1)
    }

    @Test("object keys are sorted by their UTF-8 bytes, so render → parse → render keeps the bytes (found by JSONFuzzer)")
    func keyOrderIsByteOrder() throws {
        // A decomposed é ("e" + U+0301), a precomposed one and ASCII: String's `<` put them in an order that depended
        // on how they were read.
        let value = try JSONValue.parse(Array("{\"k\":1,\"k\":2,\"e\u{301}\":3,\"\u{e9}9\":4}".utf8))
        #expect(value.text() == "{\"e\u{301}\":3,\"k\":2,\"\u{e9}9\":4}")
        #expect(try JSONValue.parse(Array(value.text().utf8)).text() == value.text())
    }

    @Test("escapes and surrogate pairs decode; a repeated key keeps the last value")
    func escapes() throws {
        #expect(try JSONValue.parse(Array(#""a\nb\t\/\ud83d\ude00""#.utf8)) == .string("a\nb\t/😀"))
        #expect(try JSONValue.parse(Array(#"{"k":1,"k":2}"#.utf8)) == .object(["k": .number("2")]))
    }

    @Test(
        "bad input throws instead of crashing",
        arguments: [
            "", "{", "[1,", "{\"a\"}", "01", "1.", "-", "tru", "\"abc", "[1 2]", "{\"a\":1,}", "\"\\x\"", "nul",
            "{\"a\":1}x", "[\"\u{01}\"]", String(repeating: "[", count: 10_000),
        ])
    func rejects(_ text: String) {
        #expect(throws: JSONError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test("128 levels parse, 129 are refused as too deep")
    func depth() throws {
        let deepest = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        _ = try JSONValue.parse(Array(deepest.utf8))
        let tooDeep = "[" + deepest + "]"
        let error = #expect(throws: JSONError.self) { try JSONValue.parse(Array(tooDeep.utf8)) }
        #expect(error?.isTooDeep == true)
    }

    @Test("strict refuses invalid UTF-8 and lone surrogates; lenient (Go's decoder) reads them as U+FFFD")
    func lenient() throws {
        let invalid: [UInt8] = [0x22, 0x61, 0xFF, 0x22]
        #expect(throws: JSONError.self) { try JSONValue.parse(invalid) }
        #expect(try JSONValue.parse(invalid, lenient: true) == .string("a\u{FFFD}"))
        let lone = Array(#""\ud800\u0041""#.utf8)
        #expect(throws: JSONError.self) { try JSONValue.parse(lone) }
        #expect(try JSONValue.parse(lone, lenient: true) == .string("\u{FFFD}A"))
    }

    @Test("the work counter counts parses and serialisations inside its task only")
    func counter() async throws {
        let counter = JSONWorkCounter()
        try JSONWorkCounter.$current.withValue(counter) {
            let value = try JSONValue.parse(Array(#"{"a":[1,{"b":2}]}"#.utf8))
            _ = value.bytes()
        }
        _ = try JSONValue.parse(Array("[1]".utf8))
        #expect(counter.parses == 1)
        #expect(counter.serialisations == 1)
    }
}
