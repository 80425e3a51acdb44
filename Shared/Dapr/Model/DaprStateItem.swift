import FoundationEssentials

/// How a state write treats a concurrent writer (`options.concurrency`).
package struct DaprStateConcurrency: RawRepresentable, Hashable, Sendable {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    /// The write fails with 409 if the ETag does not match or, without an ETag, if the key already exists.
    package static let firstWrite = DaprStateConcurrency(rawValue: "first-write")
    /// The write wins (the store's default).
    package static let lastWrite = DaprStateConcurrency(rawValue: "last-write")
}

/// The consistency a state operation asks for (`options.consistency`, `?consistency=`).
package struct DaprStateConsistency: RawRepresentable, Hashable, Sendable {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let strong = DaprStateConsistency(rawValue: "strong")
    package static let eventual = DaprStateConsistency(rawValue: "eventual")
}

/// One key to save, as an element of the `POST /v1.0/state/{store}` array.
package struct DaprStateItem: Sendable, Hashable {
    package var key: String
    /// The value as JSON text, sent verbatim (a string value must be quoted JSON: `"x"`).
    package var value: [UInt8]
    /// The ETag the current value must have; with `first-write` and no ETag, the key must not exist.
    package var etag: String?
    package var concurrency: DaprStateConcurrency?
    package var consistency: DaprStateConsistency?
    /// `metadata.ttlInSeconds`: the key expires after this many seconds (-1: never).
    package var ttlInSeconds: Int?
    /// Other per-item metadata.
    package var metadata: [String: String]

    /// Creates an item from JSON text.
    package init(
        key: String, value: [UInt8], etag: String? = nil, concurrency: DaprStateConcurrency? = nil,
        consistency: DaprStateConsistency? = nil, ttlInSeconds: Int? = nil, metadata: [String: String] = [:]
    ) {
        self.key = key
        self.value = value
        self.etag = etag
        self.concurrency = concurrency
        self.consistency = consistency
        self.ttlInSeconds = ttlInSeconds
        self.metadata = metadata
    }

    /// Creates an item whose value is `value` encoded with `JSONEncoder`.
    /// - Throws: the encoder's error.
    package init(
        key: String, encoding value: some Encodable, etag: String? = nil, concurrency: DaprStateConcurrency? = nil,
        ttlInSeconds: Int? = nil
    ) throws {
        self.init(
            key: key, value: Array(try JSONEncoder().encode(value)), etag: etag, concurrency: concurrency,
            ttlInSeconds: ttlInSeconds)
    }

    /// Whether saving this item twice has the effect of saving it once.
    var isIdempotent: Bool { etag == nil && concurrency != .firstWrite }

    /// Writes `{"key","value","etag","metadata","options"}`.
    func write(to writer: inout JSONBodyWriter) {
        writer.beginObject()
        writer.key("key")
        writer.string(key)
        writer.key("value")
        writer.raw(value)
        if let etag {
            writer.key("etag")
            writer.string(etag)
        }
        var allMetadata = metadata
        if let ttlInSeconds { allMetadata["ttlInSeconds"] = String(ttlInSeconds) }
        if !allMetadata.isEmpty {
            writer.key("metadata")
            writer.stringMap(allMetadata)
        }
        if concurrency != nil || consistency != nil {
            writer.key("options")
            var options: [String: String] = [:]
            options["concurrency"] = concurrency?.rawValue
            options["consistency"] = consistency?.rawValue
            writer.stringMap(options)
        }
        writer.endObject()
    }
}
