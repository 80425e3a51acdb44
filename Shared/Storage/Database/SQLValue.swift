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

    /// Refuses text holding a NUL character: libpq sends text parameters as C strings (cut at the NUL) and C string
    /// readers would cut it on the way back, so such a value is never stored or compared silently shortened
    /// (issue 11: `q=%00` became an empty search that matched everything).
    /// - Throws: ``StorageError`` `invalidInput`.
    package func requireNoNUL() throws(StorageError) {
        switch self {
        case .text(let text), .json(let text):
            if text.utf8.contains(0) {
                throw StorageError(.invalidInput, message: "text must not contain a NUL character")
            }
        default: break
        }
    }

    /// The value, or NULL when `value` is nil.
    package static func optional<T>(_ value: T?, _ make: (T) -> SQLValue) -> SQLValue { value.map(make) ?? .null }
}
