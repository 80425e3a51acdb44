/// A value bound to a parameter or read from a column, in SQLite's storage classes.
package enum SQLiteValue: Sendable, Hashable {
    /// NULL.
    case null
    /// INTEGER.
    case integer(Int64)
    /// REAL.
    case real(Double)
    /// TEXT (UTF-8).
    case text(String)
    /// BLOB.
    case blob([UInt8])

    /// The integer, or nil for any other storage class.
    package var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    /// The text, or nil for any other storage class.
    package var text: String? { if case .text(let value) = self { value } else { nil } }
    /// The bytes of a BLOB (or of TEXT), or nil.
    package var blob: [UInt8]? {
        switch self {
        case .blob(let value): value
        case .text(let value): Array(value.utf8)
        default: nil
        }
    }
    /// The real (or integer as real), or nil.
    package var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
    /// Whether this is NULL.
    package var isNull: Bool { self == .null }
}

/// One result row.
package struct SQLiteRow: Sendable {
    /// Column names, shared by every row of a result.
    package let columns: [String]
    /// Column values.
    package let values: [SQLiteValue]

    /// Makes a row.
    package init(columns: [String], values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value at `index`, NULL when out of range.
    package subscript(_ index: Int) -> SQLiteValue { index < values.count ? values[index] : .null }
}
