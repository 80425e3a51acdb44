import DaprResources
import HTTPTypes

/// `GET /v1.0/secrets/{store}/{key}` and `/bulk` (§5) over `secretstores.local.file`-format stores.
struct SecretsAPI: Sendable {
    let core: RuntimeCore

    private func store(_ name: String, appID: String) -> Result<LocalFileSecretStore, StateAPIFailure> {
        let visible = core.components.secretStoreComponents.values.filter { $0.isVisible(to: appID) }
        if visible.isEmpty {
            return .failure(.init(DaprError.response(500, "ERR_SECRET_STORES_NOT_CONFIGURED", "secret store is not configured")))
        }
        guard visible.contains(where: { $0.name == name }), let store = core.components.secretStores[name] else {
            // 401, as daprd answers (its docs say 400).
            return .failure(
                .init(DaprError.response(401, "ERR_SECRET_STORE_NOT_FOUND", "failed finding secret store with key \(name)")))
        }
        return .success(store)
    }

    /// One secret: 200 with its map; 500 `ERR_SECRET_GET` when missing (there is no 404).
    func get(_ request: APIRequest, storeName: String, key: String) -> HTTPResponse {
        switch store(storeName, appID: request.appID) {
        case .failure(let failure): return failure.response
        case .success(let store):
            guard let secret = store.secret(key) else {
                return DaprError.response(
                    500, "ERR_SECRET_GET",
                    "failed getting secret with key \(key) from secret store \(storeName): secret \(key) not found")
            }
            return DaprError.json(.object(secret.mapValues { .string($0) }))
        }
    }

    /// Every secret: `{name: {key: value}}`.
    func bulk(_ request: APIRequest, storeName: String) -> HTTPResponse {
        switch store(storeName, appID: request.appID) {
        case .failure(let failure): return failure.response
        case .success(let store):
            return DaprError.json(.object(store.secrets.mapValues { .object($0.mapValues { .string($0) }) }))
        }
    }
}
