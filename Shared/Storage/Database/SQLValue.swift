package import FoundationEssentials

/// A value bound to a statement, in terms both backends understand; each backend maps it to its own types
/// (PostgreSQL: uuid, timestamptz, boolean, jsonb, bytea; SQLite: lowercase text, integer microseconds since
/// 1970, 0/1, text, blob).
package enum SQLValue: Sendable, Hashable {
    /// NULL.
    case null
    /// Text.
    case text(String)
    /// A 64-bit integer.
    case int(Int64)
    /// A boolean.
    case bool(Bool)
    /// A UUID.
    case uuid(UUID)
    /// An instant, kept to the microsecond.
    case date(Date)
    /// Opaque bytes.
    case bytes([UInt8])
    /// JSON text.
    case json(String)

    /// The value, or NULL when `value` is nil.
    package static func optional<T>(_ value: T?, _ make: (T) -> SQLValue) -> SQLValue { value.map(make) ?? .null }
}
