package import FoundationEssentials

/// The one JSON configuration of every function: ISO 8601 dates (fractional seconds accepted, and written when
/// present), sorted keys out, so bodies and tests are stable.
package enum JSONCoding {
    /// The shared encoder (thread-safe; configure it only here).
    package static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        return encoder
    }()

    /// The shared decoder (thread-safe; configure it only here).
    package static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an ISO 8601 date such as 2026-01-31T09:00:00Z")
            }
            return date
        }
        return decoder
    }()

    private static let wholeSeconds = Date.ISO8601FormatStyle()
    private static let fractionalSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2026-01-31T09:00:00Z`, or `2026-01-31T09:00:00.250Z` when the date has a fraction of a second.
    package static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        return seconds.rounded(.down) == seconds ? date.formatted(wholeSeconds) : date.formatted(fractionalSeconds)
    }

    /// Parses an RFC 3339 date-time, with or without fractional seconds (``RFC3339/parse(_:)``, the one parser events
    /// use too). A field out of range is refused: Foundation's ISO 8601 parser, used here before, rolled
    /// `2024-01-01T12:99:00Z` over to 13:39 (schemathesis found a task created with it).
    package static func parseDate(_ text: String) -> Date? { RFC3339.parse(text) }
}
