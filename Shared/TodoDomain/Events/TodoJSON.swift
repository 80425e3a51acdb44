import CloudEvents
package import FoundationEssentials
import JSON

/// The one JSON configuration of event payloads: sorted keys, dates as RFC 3339 UTC with milliseconds.
package enum TodoJSON {
    /// A new encoder for payloads.
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }

    /// A new decoder for payloads; accepts any RFC 3339 timestamp.
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\(text) is not an RFC 3339 timestamp")
            }
            return date
        }
        return decoder
    }
}
