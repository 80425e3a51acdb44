import JSON

/// One item of a state save or transaction upsert/delete, validated like daprd's `SetRequest` decoding.
struct StateRequestItem: Sendable {
    var key: String
    var value: JSONValue?
    var etag: String?
    var metadata: [String: String]
    var concurrency: String
    var consistency: String

    /// Why an item is rejected: `malformed` → 400 `ERR_MALFORMED_REQUEST`, `store` → the operation's 500.
    enum Problem: Error {
        case malformed(String)
        case store(String)
    }

    /// Decodes one item; `queryMetadata` (the `metadata.*` parameters) wins over the item's metadata.
    init(_ json: JSONValue, queryMetadata: [String: String], requireKey: Bool = true) throws(Problem) {
        guard case .object(let members) = json else { throw .malformed("a state item must be a JSON object") }
        switch members["key"] {
        case .string(let key)?: self.key = key
        case nil, .null?: self.key = ""
        default: throw .malformed("\"key\" must be a string")
        }
        if requireKey, key.isEmpty { throw .malformed("\"key\" is a required field") }
        value = members["value"]
        switch members["etag"] {
        case .string(let etag)?: self.etag = etag.isEmpty ? nil : etag
        case nil, .null?: etag = nil
        default: throw .malformed("\"etag\" must be a string")
        }
        var metadata: [String: String] = [:]
        switch members["metadata"] {
        case .object(let entries)?:
            for (name, value) in entries {
                guard case .string(let text) = value else { throw .malformed("metadata values must be strings") }
                metadata[name] = text
            }
        case nil, .null?: break
        default: throw .malformed("\"metadata\" must be an object of strings")
        }
        for (name, value) in queryMetadata { metadata[name] = value }
        self.metadata = metadata
        let options = members["options"]?.objectValue ?? [:]
        concurrency = options["concurrency"]?.stringValue ?? ""
        consistency = options["consistency"]?.stringValue ?? ""
    }

    /// The TTL in seconds (nil: none; -1: never expire).
    /// - Throws: `.store` for a value that is not an integer ≥ -1 (daprd: 500).
    func ttlSeconds() throws(Problem) -> Int? {
        guard let text = metadata["ttlInSeconds"] else { return nil }
        guard let seconds = Int(text), seconds >= -1 else {
            throw .store("incorrect value for metadata 'ttlInSeconds': \(text)")
        }
        return seconds
    }

    /// Whether `first-write` was asked.
    /// - Throws: `.store` for an unknown concurrency or consistency (daprd's `CheckRequestOptions`).
    func firstWrite() throws(Problem) -> Bool {
        guard ["", "first-write", "last-write"].contains(concurrency) else {
            throw .store("invalid concurrency: \(concurrency)")
        }
        guard ["", "strong", "eventual"].contains(consistency) else {
            throw .store("invalid consistency: \(consistency)")
        }
        return concurrency == "first-write"
    }
}
