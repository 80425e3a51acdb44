import FoundationEssentials
import JSON
import Testing

@Suite("JSONEscaping: the one string escaper and its options")
struct JSONEscapingTests {
    private static let sample = "q\"b\\s/n\nr\rt\tb\u{08}f\u{0C}n\u{00}e\u{1F}d\u{7F}<>&é\u{2028}\u{2029}😀"

    private func escaped(_ text: String, _ escaping: JSONEscaping) -> String {
        var out: [UInt8] = []
        escaping.append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("the standard set: quote, backslash, short forms, \\u00XX for other controls, nothing else")
    func standard() {
        #expect(
            escaped(Self.sample, [])
                == #""q\"b\\s/n\nr\rt\tb\bf\fn\u0000e\u001fd"# + "\u{7F}<>&é\u{2028}\u{2029}😀\"")
    }

    @Test("Go's json.Marshal (daprd): <, >, & and U+2028/U+2029 escaped too")
    func go() {
        #expect(
            escaped(Self.sample, .go)
                == #""q\"b\\s/n\nr\rt\tb\bf\fn\u0000e\u001fd"# + "\u{7F}" + #"\u003c\u003e\u0026é\u2028\u2029"#
                + "😀\"")
    }

    @Test("protojson: DEL escaped")
    func delete() { #expect(escaped("a\u{7F}b", .delete) == #""a\u007fb""#) }

    @Test("with .solidus the bytes are JSONEncoder's, for every ASCII character and some beyond (the audit payload)")
    func solidusMatchesJSONEncoder() throws {
        var texts = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }
        texts.append(Self.sample)
        for text in texts {
            let encoded = String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
            #expect(escaped(text, .solidus) == encoded, "\(Array(text.utf8))")
        }
    }

    @Test("the writer writes members with the writer's escaping")
    func writer() {
        var writer = JSONWriter(escaping: .go)
        writer.raw("{")
        writer.member("a", "<x>", first: true)
        writer.key("n")
        writer.raw("1")
        writer.raw("}")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":"\u003cx\u003e","n":1}"#)
    }
}
