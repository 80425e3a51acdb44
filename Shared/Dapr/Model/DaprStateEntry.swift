import FoundationEssentials
import JSON

/// A value read from the state store, with its ETag.
package struct DaprStateEntry: Sendable, Hashable {
    package var key: String
    /// The stored value as JSON text. daprd re-serialises values on save: object keys come back sorted and numbers
    /// as float64, so compare decoded values, never bytes.
    package var value: [UInt8]
    package var etag: String?
    /// Response metadata (`metadata.ttlExpireTime`, …), without the `metadata.` prefix.
    package var metadata: [String: String]

    /// Creates an entry.
    package init(key: String, value: [UInt8], etag: String? = nil, metadata: [String: String] = [:]) {
        self.key = key
        self.value = value
        self.etag = etag
        self.metadata = metadata
    }

    /// Decodes the value with `JSONDecoder`.
    /// - Throws: `DaprError` `.invalidResponse` when the value does not decode as `T`.
    package func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(value))
        } catch {
            throw DaprError(
                code: .invalidResponse, message: "state value of key \(key) is not a \(T.self)", underlying: error)
        }
    }
}

/// One key of a bulk get: a value, nothing (missing key), or a per-key error.
package struct DaprBulkStateItem: Sendable, Hashable {
    package var key: String
    /// The value as JSON text (daprd's `data` field, which its docs call `value`); nil for a missing key.
    package var value: [UInt8]?
    package var etag: String?
    /// daprd's per-key error, if the store failed on this key.
    package var error: String?
    package var metadata: [String: String]

    /// Creates an item.
    package init(
        key: String, value: [UInt8]? = nil, etag: String? = nil, error: String? = nil, metadata: [String: String] = [:]
    ) {
        self.key = key
        self.value = value
        self.etag = etag
        self.error = error
        self.metadata = metadata
    }

    /// The item as a `DaprStateEntry`, or nil if the key is missing or failed.
    package var entry: DaprStateEntry? {
        guard let value, error == nil else { return nil }
        return DaprStateEntry(key: key, value: value, etag: etag, metadata: metadata)
    }
}

/// The wire form of a bulk get item: `data` is any JSON value.
struct BulkStateWireItem: Decodable {
    var key: String
    var data: JSONValue?
    var etag: String?
    var error: String?
    var metadata: [String: String]?

    func item() throws -> DaprBulkStateItem {
        DaprBulkStateItem(
            key: key, value: data?.bytes(), etag: etag, error: error.flatMap { $0.isEmpty ? nil : $0 },
            metadata: metadata ?? [:])
    }
}
