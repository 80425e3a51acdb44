import FoundationEssentials

/// A typed extension attribute value, one case per CloudEvents 1.0 type.
///
/// Two values are equal when their canonical string forms are equal, because that form is what every binding
/// carries (a JSON string or a `ce-` header cannot tell a URI from a String).
package enum CloudEventAttributeValue: Sendable, Hashable, CustomStringConvertible {
    /// Any Unicode string without control characters, noncharacters or unpaired surrogates.
    case string(String)
    /// A signed 32-bit integer (a JSON number in the JSON format).
    case integer(Int32)
    /// `true` or `false` (a JSON boolean in the JSON format).
    case boolean(Bool)
    /// Bytes, carried as RFC 4648 base64.
    case binary([UInt8])
    /// An absolute URI (RFC 3986 §4.3).
    case uri(String)
    /// A URI reference (RFC 3986 §4.1).
    case uriReference(String)
    /// An RFC 3339 timestamp, kept as its text.
    case timestamp(String)

    /// The canonical string encoding that every binding supports.
    package var canonicalString: String {
        switch self {
        case .string(let text), .uri(let text), .uriReference(let text), .timestamp(let text): text
        case .integer(let value): String(value)
        case .boolean(let value): value ? "true" : "false"
        case .binary(let bytes): Data(bytes).base64EncodedString()
        }
    }

    /// The value as a string, if it is carried as one (every case except integer and boolean).
    package var stringValue: String? {
        switch self {
        case .integer, .boolean: nil
        default: canonicalString
        }
    }

    package var description: String { canonicalString }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.canonicalString == rhs.canonicalString }
    package func hash(into hasher: inout Hasher) { hasher.combine(canonicalString) }
}

extension CloudEventAttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    /// A `.string` value.
    package init(stringLiteral value: String) { self = .string(value) }
    /// An `.integer` value.
    package init(integerLiteral value: Int32) { self = .integer(value) }
    /// A `.boolean` value.
    package init(booleanLiteral value: Bool) { self = .boolean(value) }
}
