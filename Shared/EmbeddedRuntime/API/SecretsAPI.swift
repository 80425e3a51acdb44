import DaprResources
import HTTPTypes
import JSON

/// `GET /v1.0/secrets/{store}/{key}` and `/bulk` (§5) over `secretstores.local.file`-format stores, scoped by
/// the caller's Configuration (`SecretScopes`): a denied key is `403 ERR_PERMISSION_DENIED`, bulk leaves it out.
struct SecretsAPI: Sendable {
    let core: RuntimeCore

    private func store(_ name: String, appID: String) -> Result<LocalFileSecretStore, StateAPIFailure> {
        let visible = core.components.secretStoreComponents.values.filter { $0.isVisible(to: appID) }
        if visible.isEmpty {
            return .failure(
                .init(DaprResponse.response(500, "ERR_SECRET_STORES_NOT_CONFIGURED", "secret store is not configured")))
        }
        guard visible.contains(where: { $0.name == name }), let store = core.components.secretStores[name] else {
            // 401, as daprd answers (its docs say 400).
            return .failure(
                .init(DaprResponse.response(401, "ERR_SECRET_STORE_NOT_FOUND", "failed finding secret store with key \(name)")))
        }
        return .success(store)
    }

    /// One secret: 200 with its map; 500 `ERR_SECRET_GET` when missing (there is no 404).
    func get(_ request: APIRequest, storeName: String, key: String) -> HTTPResponse {
        switch store(storeName, appID: request.appID) {
        case .failure(let failure): return failure.response
        case .success(let store):
            guard core.secretScopes[request.appID]?.allows(store: storeName, key: key) ?? true else {
                return DaprResponse.response(
                    403, "ERR_PERMISSION_DENIED", "access denied by policy to get \"\(key)\" from \"\(storeName)\"")
            }
            guard let secret = store.secret(key) else {
                return DaprResponse.response(
                    500, "ERR_SECRET_GET",
                    "failed getting secret with key \(key) from secret store \(storeName): secret \(key) not found")
            }
            return DaprResponse.json(.object(secret.mapValues { .string($0) }))
        }
    }

    /// Every secret: `{name: {key: value}}`.
    func bulk(_ request: APIRequest, storeName: String) -> HTTPResponse {
        switch store(storeName, appID: request.appID) {
        case .failure(let failure): return failure.response
        case .success(let store):
            let scopes = core.secretScopes[request.appID] ?? SecretScopes()
            let visible = store.secrets.filter { scopes.allows(store: storeName, key: $0.key) }
            return DaprResponse.json(.object(visible.mapValues { .object($0.mapValues { .string($0) }) }))
        }
    }
}
