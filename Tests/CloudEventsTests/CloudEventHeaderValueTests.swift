import CloudEvents
import Testing

@Suite struct CloudEventHeaderValueTests {
    @Test("encodes space, quote, percent and non-ASCII, and nothing else")
    func encode() {
        #expect(CloudEventHeaderValue.encode("Euro € 😀") == "Euro%20%E2%82%AC%20%F0%9F%98%80")
        #expect(CloudEventHeaderValue.encode(#"a"b%c"#) == "a%22b%25c")
        #expect(CloudEventHeaderValue.encode("/path?x=1&y={z}") == "/path?x=1&y={z}")
        #expect(CloudEventHeaderValue.encode("tab\there") == "tab%09here")
    }

    @Test("decodes what it encodes", arguments: ["Euro € 😀", "100% \"sure\"", "plain", ""])
    func roundTrip(value: String) throws {
        #expect(try CloudEventHeaderValue.decode(CloudEventHeaderValue.encode(value)) == value)
    }

    @Test("accepts lower-case hex and needlessly encoded bytes")
    func lenientDecode() throws {
        #expect(try CloudEventHeaderValue.decode("%e2%82%ac") == "€")
        #expect(try CloudEventHeaderValue.decode("%41") == "A")
    }

    @Test("rejects an overlong encoding")
    func overlong() {
        #expect(throws: CloudEventError.self) { try CloudEventHeaderValue.decode("%C0%A0") }
    }

    @Test("undoes a quoted-string only when the whole value is quoted")
    func quoted() throws {
        #expect(try CloudEventHeaderValue.decode(#""hello world""#) == "hello world")
        #expect(try CloudEventHeaderValue.decode(#""a\"b""#) == #"a"b"#)
        #expect(try CloudEventHeaderValue.decode(#"say "hi" now"#) == #"say "hi" now"#)
    }

    @Test("leaves unencoded values from sdk-go unchanged, and a stray percent literal")
    func raw() throws {
        #expect(try CloudEventHeaderValue.decode(#"{"othervalue": 5}"#) == #"{"othervalue": 5}"#)
        #expect(try CloudEventHeaderValue.decode("100%") == "100%")
        #expect(try CloudEventHeaderValue.decode("%zz") == "%zz")
    }
}
