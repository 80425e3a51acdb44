package import FoundationEssentials
import JSON

/// The payload of an event, kept in the form it arrived in until a handler asks for it.
///
/// - `json`: the UTF-8 text of one JSON value (embedded as `data` in the JSON format; a JSON string stays a
///   string, it is never parsed a second time).
/// - `text`: a string for a non-JSON content type (`data` as a JSON string, e.g. XML).
/// - `binary`: bytes (`data_base64` in the JSON format).
///
/// Two payloads are equal when their bytes are, whatever the kind: the kind only decides how the JSON format
/// writes them, and a binary-mode body cannot tell them apart (`data_base64` of JSON text read back from a
/// binary-mode message is JSON data).
package struct CloudEventData: Sendable, Hashable {
    /// How the payload is held.
    package enum Kind: Sendable, Hashable {
        /// The UTF-8 text of one well-formed JSON value.
        case json
        /// A string for a non-JSON content type.
        case text
        /// Opaque bytes.
        case binary
    }

    /// The representation.
    package let kind: Kind
    /// The payload bytes exactly as a binary-mode HTTP body would carry them.
    package let bytes: [UInt8]

    private init(kind: Kind, bytes: [UInt8]) {
        self.kind = kind
        self.bytes = bytes
    }

    /// Trusted JSON text, already validated by the scanner.
    static func trustedJSON(_ bytes: [UInt8]) -> CloudEventData { CloudEventData(kind: .json, bytes: bytes) }

    /// JSON data from the UTF-8 text of one JSON value.
    /// - Throws: `CloudEventError.invalidData` when the bytes are not exactly one well-formed JSON value.
    package static func json(bytes: [UInt8]) throws(CloudEventError) -> CloudEventData {
        guard JSONScanner.isWellFormedValue(bytes) else {
            throw CloudEventError(.invalidData, "data is not one well-formed JSON value", attribute: "data")
        }
        return CloudEventData(kind: .json, bytes: trimmingWhitespace(bytes))
    }

    /// A JSON value without the whitespace around it, which is not part of the value: so a binary-mode body and the
    /// same value embedded in the JSON format compare equal (the fuzzer found `"\n1\n"` against `1`).
    static func trimmingWhitespace(_ bytes: [UInt8]) -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return bytes }
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return bytes }
        return Array(bytes[first...last])
    }

    /// JSON data encoded from a value with the given encoder.
    /// - Throws: the encoder's error.
    package static func json(_ value: some Encodable, encoder: JSONEncoder = JSONEncoder()) throws -> CloudEventData {
        CloudEventData(kind: .json, bytes: Array(try encoder.encode(value)))
    }

    /// A text payload for a non-JSON content type.
    package static func text(_ text: String) -> CloudEventData { CloudEventData(kind: .text, bytes: Array(text.utf8)) }

    /// A binary payload (`data_base64` in the JSON format).
    package static func binary(_ bytes: [UInt8]) -> CloudEventData { CloudEventData(kind: .binary, bytes: bytes) }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.bytes == rhs.bytes }
    package func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// The payload as a string when it is text (or JSON text).
    package var text: String? { kind == .binary ? nil : String(decoding: bytes, as: UTF8.self) }
}
