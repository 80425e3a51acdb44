import FoundationEssentials
import HTTPTypes

extension HTTPDaprClient {
    /// `GET /v1.0/state/{store}/{key}`: 200 with the value and `ETag`, or 204 for a missing key (→ nil).
    /// - Throws: `DaprError` `.stateStoreNotFound`, `.operationFailed`.
    package func getState(
        store: String, key: String, consistency: DaprStateConsistency?, metadata: [String: String]
    ) async throws -> DaprStateEntry? {
        try Self.require(store, "state store name")
        try Self.require(key, "state key")
        let extra = consistency.map { [("consistency", $0.rawValue)] } ?? []
        let path =
            "/v1.0/state/\(Self.segment(store))/\(Self.segment(key))" + Self.metadataQuery(metadata, extra: extra)
        let response = try await call(.get, path, safety: .idempotent)
        // 204 (and, defensively, an empty 200) means the key does not exist.
        guard response.status.code != 204, !response.body.isEmpty else { return nil }
        return DaprStateEntry(
            key: key, value: response.body, etag: response.headers["ETag"],
            metadata: Self.responseMetadata(response.headers))
    }

    /// `POST /v1.0/state/{store}` with the items as a JSON array; 204 on success.
    /// Retried after a timeout only when every item is last-write without an ETag (see `DaprRetryPolicy`).
    /// - Throws: `DaprError` `.etagMismatch` (409: stale ETag, or `first-write` on an existing key), `.etagInvalid`,
    ///   `.badRequest` (`ERR_MALFORMED_REQUEST`), `.stateStoreNotFound`, `.operationFailed` (500 `ERR_STATE_SAVE`).
    package func saveState(store: String, items: [DaprStateItem], metadata: [String: String]) async throws {
        try Self.require(store, "state store name")
        guard !items.isEmpty else { return }
        var writer = JSONBodyWriter()
        writer.beginArray()
        for item in items { item.write(to: &writer) }
        writer.endArray()
        let safety: RequestSafety = items.allSatisfy(\.isIdempotent) ? .idempotent : .unsafe
        _ = try await call(
            .post, "/v1.0/state/\(Self.segment(store))" + Self.metadataQuery(metadata), body: writer.bytes,
            safety: safety)
    }

    /// `DELETE /v1.0/state/{store}/{key}` with `If-Match: <etag>`; 204 also when the key did not exist.
    /// - Throws: `DaprError` `.etagMismatch` (409), `.etagInvalid` (400), `.operationFailed`.
    package func deleteState(
        store: String, key: String, etag: String?, concurrency: DaprStateConcurrency?, metadata: [String: String]
    ) async throws {
        try Self.require(store, "state store name")
        try Self.require(key, "state key")
        let extra = concurrency.map { [("concurrency", $0.rawValue)] } ?? []
        let path =
            "/v1.0/state/\(Self.segment(store))/\(Self.segment(key))" + Self.metadataQuery(metadata, extra: extra)
        var headers: HTTPHeaders = [:]
        if let etag { headers["If-Match"] = etag }
        // A repeated delete without an ETag is harmless; with one, an unseen success would turn into a 409.
        _ = try await call(.delete, path, headers: headers, safety: etag == nil ? .idempotent : .unsafe)
    }

    /// `POST /v1.0/state/{store}/bulk` with `{"keys","parallelism","metadata"}`; the answer's values are in `data`.
    /// - Throws: `DaprError` `.stateStoreNotFound`, `.operationFailed` (`ERR_STATE_BULK_GET`), `.invalidResponse`.
    package func getBulkState(
        store: String, keys: [String], parallelism: Int?, metadata: [String: String]
    ) async throws -> [DaprBulkStateItem] {
        try Self.require(store, "state store name")
        var writer = JSONBodyWriter()
        writer.beginObject()
        writer.key("keys")
        writer.beginArray()
        for key in keys { writer.string(key) }
        writer.endArray()
        if let parallelism { writer.key("parallelism"); writer.integer(parallelism) }
        writer.key("metadata")
        writer.stringMap(metadata)
        writer.endObject()
        let response = try await call(
            .post, "/v1.0/state/\(Self.segment(store))/bulk", body: writer.bytes, safety: .idempotent)
        do {
            return try JSONDecoder().decode([BulkStateWireItem].self, from: Data(response.body)).map { try $0.item() }
        } catch {
            throw DaprError(code: .invalidResponse, message: "undecodable bulk state answer", underlying: error)
        }
    }

    /// `POST /v1.0/state/{store}/transaction` with `{"operations","metadata"}`; never retried beyond a connect failure.
    /// - Throws: `DaprError` `.operationFailed` (500 `ERR_STATE_TRANSACTION`, an ETag mismatch included),
    ///   `.badRequest`, `.stateStoreNotFound`.
    package func executeStateTransaction(
        store: String, operations: [DaprStateOperation], metadata: [String: String]
    ) async throws {
        try Self.require(store, "state store name")
        var writer = JSONBodyWriter()
        writer.beginObject()
        writer.key("operations")
        writer.beginArray()
        for operation in operations { operation.write(to: &writer) }
        writer.endArray()
        if !metadata.isEmpty {
            writer.key("metadata")
            writer.stringMap(metadata)
        }
        writer.endObject()
        _ = try await call(
            .post, "/v1.0/state/\(Self.segment(store))/transaction", body: writer.bytes, safety: .unsafe)
    }
}
