/// Any JSON value, kept as Go's decoder with `UseNumber` keeps it (daprd's view): numbers as their literal text,
/// so nothing is lost in a round trip; objects as maps, written with their keys sorted by bytes (what Go's
/// `json.Marshal` of a map and protojson do); a repeated key keeps the last value, as Go does.
package enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number, as its literal text (no precision loss, like Go's `json.Number`).
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// An integer number.
    package static func integer(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// The string, or nil for any other kind.
    package var stringValue: String? { if case .string(let value) = self { value } else { nil } }

    /// The object's members, or nil for any other kind.
    package var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }

    /// The array's elements, or nil for any other kind.
    package var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }

    /// The boolean, or nil for any other kind.
    package var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }

    /// The number's literal text, or nil for any other kind.
    package var numberText: String? { if case .number(let value) = self { value } else { nil } }

    /// The number as an `Int64` when its literal is an integer in range, else nil.
    package var int64Value: Int64? { numberText.flatMap { Int64($0) } }

    /// The number as a `Double` (the nearest one), or nil for any other kind.
    package var doubleValue: Double? { numberText.flatMap { Double($0) } }

    /// Whether this is `null`.
    package var isNull: Bool { self == .null }

    /// The member named `key` of an object, or nil.
    package subscript(key: String) -> JSONValue? { objectValue?[key] }
}
