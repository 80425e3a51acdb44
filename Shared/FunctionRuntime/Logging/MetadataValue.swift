/// A metadata value: a string, an integer or a boolean (written as a JSON string, number or boolean).
package enum MetadataValue: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral,
    ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral
{
    /// Text.
    case string(String)
    /// A whole number, e.g. `http.status`.
    case integer(Int)
    /// A flag.
    case boolean(Bool)

    /// Creates a string value from a literal or an interpolation.
    package init(stringLiteral value: String) { self = .string(value) }
    /// Creates an integer value from a literal.
    package init(integerLiteral value: Int) { self = .integer(value) }
    /// Creates a boolean value from a literal.
    package init(booleanLiteral value: Bool) { self = .boolean(value) }

    /// The value as text.
    package var description: String {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .boolean(let value): String(value)
        }
    }
}
