import FoundationEssentials
import HTTPTypes

extension HTTPDaprClient {
    /// `GET /v1.0/secrets/{store}/{key}` → `{"<k>":"<v>"}`; 204 (a store returning nothing) → `[:]`.
    /// - Throws: `DaprError` `.secretStoreNotFound` (daprd answers **401** for it), `.forbidden` (403 scopes),
    ///   `.operationFailed` (500 `ERR_SECRET_GET`, which is also how a missing secret is reported).
    package func getSecret(store: String, key: String, metadata: [String: String]) async throws -> [String: String] {
        try Self.require(store, "secret store name")
        try Self.require(key, "secret name")
        let path = "/v1.0/secrets/\(Self.segment(store))/\(Self.segment(key))" + Self.metadataQuery(metadata)
        return try await decodeSecrets(try await secretsCall(path))
    }

    /// `GET /v1.0/secrets/{store}/bulk` → `{"<secret>":{"<k>":"<v>"}}`.
    /// - Throws: as `getSecret`.
    package func getBulkSecrets(store: String, metadata: [String: String]) async throws -> [String: [String: String]] {
        try Self.require(store, "secret store name")
        let path = "/v1.0/secrets/\(Self.segment(store))/bulk" + Self.metadataQuery(metadata)
        return try await decodeSecrets(try await secretsCall(path))
    }

    private func secretsCall(_ path: String) async throws -> HTTPResponse {
        let response = try await send(.get, path, safety: .idempotent)
        guard response.status.isSuccess else {
            var error = DaprError.response(response)
            // A bare 401 is the API token; 401 with ERR_SECRET_STORE_NOT_FOUND is already mapped by its tag.
            if error.code == .unauthorized, error.errorCode != nil { error.code = .secretStoreNotFound }
            throw error
        }
        return response
    }

    private func decodeSecrets<T: Decodable & ExpressibleByDictionaryLiteral>(_ response: HTTPResponse) async throws
        -> T
    {
        guard response.status.code != 204, !response.body.isEmpty else { return [:] }
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            throw DaprError(code: .invalidResponse, message: "undecodable secrets answer", underlying: error)
        }
    }
}
