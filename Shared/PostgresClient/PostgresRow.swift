package import FoundationEssentials

/// One result row, its columns in PostgreSQL's text format.
package struct PostgresRow: Sendable {
    /// The column names, shared by every row of a result.
    package let columns: [String]
    /// Each column's text, nil for NULL.
    package let values: [String?]

    /// Makes a row.
    package init(columns: [String], values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// Whether column `index` is NULL (or out of range).
    package func isNull(_ index: Int) -> Bool { index >= values.count || values[index] == nil }

    /// Decodes column `index`, which must not be NULL.
    /// - Throws: ``PostgresError/Code/decoding`` on NULL, a missing column or text that does not parse.
    package func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws(PostgresError) -> T {
        guard let value = try decodeIfPresent(type, at: index) else {
            throw PostgresError(.decoding, message: "column \(name(index)) is NULL, expected \(T.self)")
        }
        return value
    }

    /// Decodes column `index`, or returns nil for NULL.
    /// - Throws: ``PostgresError/Code/decoding`` on a missing column or text that does not parse.
    package func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws(PostgresError)
        -> T?
    {
        guard index < values.count else {
            throw PostgresError(.decoding, message: "no column \(index) in a row of \(values.count)")
        }
        guard let text = values[index] else { return nil }
        guard let value = T(postgresText: text) else {
            throw PostgresError(.decoding, message: "column \(name(index)) is not a \(T.self): \(text.prefix(64))")
        }
        return value
    }

    private func name(_ index: Int) -> String { index < columns.count ? columns[index] : "#\(index)" }
}

/// A Swift type that decodes from a column in text format.
package protocol PostgresDecodable: Sendable {
    /// Parses the server's text form, or returns nil.
    init?(postgresText: String)
}

extension String: PostgresDecodable {
    /// The text itself.
    package init?(postgresText: String) { self = postgresText }
}

extension Int: PostgresDecodable {
    /// int2/int4/int8 text.
    package init?(postgresText: String) { self.init(postgresText) }
}

extension Int32: PostgresDecodable {
    /// int2/int4 text.
    package init?(postgresText: String) { self.init(postgresText) }
}

extension Int64: PostgresDecodable {
    /// int8 text.
    package init?(postgresText: String) { self.init(postgresText) }
}

extension Double: PostgresDecodable {
    /// float4/float8/numeric text.
    package init?(postgresText: String) { self.init(postgresText) }
}

extension Bool: PostgresDecodable {
    /// `t` or `f`.
    package init?(postgresText: String) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension UUID: PostgresDecodable {
    /// The canonical 36-character form.
    package init?(postgresText: String) {
        guard let uuid = UUIDText.parse(postgresText) else { return nil }
        self = uuid
    }
}

extension Date: PostgresDecodable {
    /// ISO `timestamptz` text; see ``PostgresTimestamp``.
    package init?(postgresText: String) {
        guard let date = PostgresTimestamp.parse(postgresText) else { return nil }
        self = date
    }
}

/// The bytes of a `bytea` column (hex output format, `\x…`).
package struct PostgresBytes: PostgresDecodable, Hashable {
    /// The decoded bytes.
    package var bytes: [UInt8]

    /// Decodes `\x`-prefixed hex.
    package init?(postgresText: String) {
        let text = Array(postgresText.utf8)
        guard text.count >= 2, text[0] == 92, text[1] == 120, text.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.count / 2 - 1)
        var index = 2
        while index < text.count {
            guard let high = Self.nibble(text[index]), let low = Self.nibble(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }
}
