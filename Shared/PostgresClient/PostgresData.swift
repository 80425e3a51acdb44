package import FoundationEssentials

/// A value bound to a statement parameter. Values travel in PostgreSQL's text format (bytea in binary format),
/// and the server infers each parameter's type from the statement, so `$1` compared with a uuid column takes
/// `.uuid`, and an ambiguous `SELECT $1` needs a cast in the SQL (`$1::uuid`).
package enum PostgresData: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// `text` / `varchar`.
    case text(String)
    /// `uuid`.
    case uuid(UUID)
    /// `timestamptz`, with microsecond precision.
    case timestamptz(Date)
    /// `integer` (int4).
    case int32(Int32)
    /// `bigint` (int8).
    case int64(Int64)
    /// `boolean`.
    case bool(Bool)
    /// `jsonb` or `json`, as JSON text.
    case jsonb(String)
    /// `bytea`.
    case bytea([UInt8])

    /// Binds `value`, or NULL when it is nil.
    /// - Parameters:
    ///   - value: the optional value.
    ///   - make: how a present value is bound.
    /// - Returns: the bound value.
    package static func optional<T>(_ value: T?, _ make: (T) -> PostgresData) -> PostgresData {
        value.map(make) ?? .null
    }

    /// The text-format representation libpq sends, or nil for NULL and bytea (sent in binary).
    var textValue: String? {
        switch self {
        case .null, .bytea: nil
        case .text(let value), .jsonb(let value): value
        case .uuid(let value): UUIDText.format(value)
        case .timestamptz(let value): PostgresTimestamp.format(value)
        case .int32(let value): String(value)
        case .int64(let value): String(value)
        case .bool(let value): value ? "t" : "f"
        }
    }
}
