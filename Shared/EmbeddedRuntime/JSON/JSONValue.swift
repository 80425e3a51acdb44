/// A JSON document kept as daprd's Go code sees it after `json.Unmarshal` with `UseNumber`: numbers keep their
/// literal text, objects are maps (serialised with sorted keys, as Go's `json.Marshal` of a map does).
package enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number, as its literal text (no precision loss, like `json.Number`).
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; duplicate keys keep the last value, as Go does.
    case object([String: JSONValue])

    /// Parses `bytes` as one JSON value (surrounding whitespace allowed).
    /// - Throws: `JSONParseError` when the bytes are not JSON.
    package static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(Array(bytes))
        return try parser.parseDocument()
    }

    /// The string, or nil for any other kind.
    package var stringValue: String? { if case .string(let value) = self { value } else { nil } }

    /// The object's members, or nil for any other kind.
    package var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }

    /// The array's elements, or nil for any other kind.
    package var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }

    /// The member named `key` of an object, or nil.
    package subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The value serialised compactly, object keys sorted by their UTF-8 bytes.
    package var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        write(to: &out)
        return out
    }

    /// The value serialised compactly as a string.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends the compact serialisation to `out`.
    package func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let literal): out.append(contentsOf: literal.utf8)
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // By UTF-8 bytes, as Go sorts map keys: String's `<` is not a byte order, and the fuzzer found an
            // order that depended on the order the keys were read in (so render → parse → render changed the bytes).
            for (index, key) in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text` as a JSON string with Go's escaping of quotes, backslashes, control characters and `<>&`.
    package static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
