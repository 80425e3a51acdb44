import FoundationEssentials
import HTTPTypes
import JSON
import Synchronization

@testable import Dapr

/// The state API, as daprd over `state.in-memory` answers it (UUID ETags, first-write, `ttlInSeconds`).
extension FakeDaprd {
    func state(_ request: HTTPRequest, segments: [String], _ query: [String: String]) -> HTTPResponse {
        let store = segments[0]
        guard stateStores.contains(store) else {
            return Self.error(400, "ERR_STATE_STORE_NOT_FOUND", "state store \(store) is not found")
        }
        switch (request.method, segments.count, segments.count == 2 ? segments[1] : nil) {
        case (.post, 1, _), (.put, 1, _): return save(store: store, request.body, query)
        case (.post, 2, "bulk"): return bulkGet(store: store, request.body)
        case (.post, 2, "transaction"): return transaction(store: store, request.body)
        case (.get, 2, let key?): return get(store: store, key: key)
        case (.delete, 2, let key?): return delete(store: store, key: key, etag: request.headers["If-Match"])
        default: return Self.error(404, "ERR_DIRECT_INVOKE", "failed getting app id")
        }
    }

    private func live(_ store: String, _ key: String, in storage: Storage) -> StoredValue? {
        guard let value = storage.state[store]?[key] else { return nil }
        if let expiresAt = value.expiresAt, expiresAt <= .now { return nil }
        return value
    }

    private func get(store: String, key: String) -> HTTPResponse {
        storage.withLock { storage in
            guard let stored = live(store, key, in: storage) else { return HTTPResponse(status: .noContent) }
            var headers: HTTPHeaders = ["Content-Type": "application/json", "ETag": stored.etag]
            if stored.expiresAt != nil { headers["metadata.ttlExpireTime"] = "2026-11-26T10:00:00Z" }
            return HTTPResponse(headers: headers, body: stored.value)
        }
    }

    private func delete(store: String, key: String, etag: String?) -> HTTPResponse {
        storage.withLock { storage in
            if let etag, live(store, key, in: storage)?.etag != etag {
                return Self.error(409, "ERR_STATE_DELETE", "possible etag mismatch. error from state store")
            }
            storage.state[store]?[key] = nil
            return HTTPResponse(status: .noContent)
        }
    }

    /// Checks one save request the way daprd and the in-memory store do; returns an error answer or nil.
    private func check(_ item: JSONValue, store: String, in storage: Storage) -> HTTPResponse? {
        guard case .object(let fields) = item, let key = fields["key"]?.stringValue, !key.isEmpty else {
            return Self.error(400, "ERR_MALFORMED_REQUEST", "\"key\" is a required field")
        }
        if key.contains("||") {
            return Self.error(400, "ERR_MALFORMED_REQUEST", "input key/keyPrefix can't contain '||'")
        }
        if let etag = fields["etag"], etag.stringValue == nil {
            return Self.error(400, "ERR_MALFORMED_REQUEST", "etag must be a string")
        }
        if case .object(let metadata)? = fields["metadata"], metadata.values.contains(where: { $0.stringValue == nil }) {
            return Self.error(400, "ERR_MALFORMED_REQUEST", "metadata values must be strings")
        }
        if let ttl = fields["metadata"]?["ttlInSeconds"]?.stringValue, Int(ttl) == nil {
            return Self.error(500, "ERR_STATE_SAVE", "invalid ttlInSeconds")
        }
        let concurrency = fields["options"]?["concurrency"]?.stringValue
        if let concurrency, !["first-write", "last-write"].contains(concurrency) {
            return Self.error(500, "ERR_STATE_SAVE", "unknown concurrency \(concurrency)")
        }
        let current = live(store, key, in: storage)
        if let etag = fields["etag"]?.stringValue {
            if current?.etag != etag { return Self.error(409, "ERR_STATE_SAVE", "possible etag mismatch") }
        } else if concurrency == "first-write", current != nil {
            return Self.error(409, "ERR_STATE_SAVE", "possible etag mismatch")
        }
        return nil
    }

    private func apply(_ item: JSONValue, store: String, to storage: inout Storage) {
        guard let key = item["key"]?.stringValue else { return }
        let ttl = item["metadata"]?["ttlInSeconds"]?.stringValue.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
        storage.state[store, default: [:]][key] = StoredValue(
            value: (item["value"] ?? .null).bytes(), etag: UUID().uuidString,
            expiresAt: ttl.map { ContinuousClock.now + .seconds($0) })
    }

    private func save(store: String, _ body: [UInt8], _ query: [String: String]) -> HTTPResponse {
        guard case .array(var items)? = try? JSONValue.parse(body) else {
            return Self.error(400, "ERR_MALFORMED_REQUEST", "failed deserializing HTTP body")
        }
        for (index, item) in items.enumerated() where !query.isEmpty {
            guard case .object(var fields) = item else { continue }
            var metadata: [String: JSONValue] = [:]
            if case .object(let existing)? = fields["metadata"] { metadata = existing }
            for (key, value) in query { metadata[key] = .string(value) }
            fields["metadata"] = .object(metadata)
            items[index] = .object(fields)
        }
        return storage.withLock { storage in
            for item in items {
                if let failure = check(item, store: store, in: storage) { return failure }
                apply(item, store: store, to: &storage)
            }
            return HTTPResponse(status: .noContent)
        }
    }

    private func bulkGet(store: String, _ body: [UInt8]) -> HTTPResponse {
        guard case .array(let keys)? = (try? JSONValue.parse(body))?["keys"] else {
            return Self.error(400, "ERR_MALFORMED_REQUEST", "failed deserializing HTTP body")
        }
        var writer = JSONBodyWriter()
        storage.withLock { storage in
            writer.beginArray()
            for case .string(let key) in keys {
                writer.beginObject()
                writer.key("key")
                writer.string(key)
                if let stored = live(store, key, in: storage) {
                    writer.key("data")
                    writer.raw(stored.value)
                    writer.key("etag")
                    writer.string(stored.etag)
                }
                writer.endObject()
            }
            writer.endArray()
        }
        return HTTPResponse(headers: ["Content-Type": "application/json"], body: writer.bytes)
    }

    private func transaction(store: String, _ body: [UInt8]) -> HTTPResponse {
        guard case .array(let operations)? = (try? JSONValue.parse(body))?["operations"] else {
            return Self.error(400, "ERR_MALFORMED_REQUEST", "failed deserializing HTTP body")
        }
        return storage.withLock { storage in
            // All or nothing: check every operation first; any failure (an ETag one included) is a 500.
            for operation in operations {
                let request = operation["request"] ?? .null
                switch operation["operation"]?.stringValue {
                case "upsert":
                    if check(request, store: store, in: storage) != nil {
                        return Self.error(500, "ERR_STATE_TRANSACTION", "error while executing state transaction")
                    }
                case "delete":
                    let key = request["key"]?.stringValue ?? ""
                    if let etag = request["etag"]?.stringValue, live(store, key, in: storage)?.etag != etag {
                        return Self.error(500, "ERR_STATE_TRANSACTION", "error while executing state transaction")
                    }
                default:
                    return Self.error(400, "ERR_NOT_SUPPORTED_STATE_OPERATION", "operation type not supported")
                }
            }
            for operation in operations {
                let request = operation["request"] ?? .null
                if operation["operation"]?.stringValue == "upsert" {
                    apply(request, store: store, to: &storage)
                } else if let key = request["key"]?.stringValue {
                    storage.state[store]?[key] = nil
                }
            }
            return HTTPResponse(status: .noContent)
        }
    }
}
