import DaprResources

/// daprd's secret scoping from a Configuration's `spec.secrets.scopes[]` (`storeName`, `defaultAccess`,
/// `allowedSecrets`, `deniedSecrets`): a non-empty `allowedSecrets` list is exclusive; else a key in
/// `deniedSecrets` is denied; else `defaultAccess` (allow unless `deny`). A store without a scope is open.
struct SecretScopes: Sendable, Hashable {
    /// One store's scope.
    struct Scope: Sendable, Hashable {
        var denyByDefault: Bool
        var allowed: [String]
        var denied: [String]

        func allows(_ key: String) -> Bool {
            if !allowed.isEmpty { return allowed.contains(key) }
            if denied.contains(key) { return false }
            return !denyByDefault
        }
    }

    /// Scopes by store name.
    var stores: [String: Scope] = [:]

    /// No scoping: every secret of every store.
    init() {}

    /// Reads `spec.secrets.scopes` of `configuration`; entries without a `storeName` are skipped.
    init(_ configuration: RawResource) {
        for item in configuration.spec["secrets"]?["scopes"]?.items ?? [] {
            guard let store = item["storeName"]?.scalar, !store.isEmpty else { continue }
            stores[store] = Scope(
                denyByDefault: item["defaultAccess"]?.scalar?.lowercased() == "deny",
                allowed: (item["allowedSecrets"]?.items ?? []).compactMap(\.scalar),
                denied: (item["deniedSecrets"]?.items ?? []).compactMap(\.scalar))
        }
    }

    /// Whether `key` of `store` may be read.
    func allows(store: String, key: String) -> Bool { stores[store]?.allows(key) ?? true }
}
