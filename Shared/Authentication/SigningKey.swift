package import Dapr
package import FunctionRuntime

/// Where a function finds the HS256 key that signs user tokens: `JWT_SIGNING_KEY` in the environment, else the
/// secret `jwt-signing-key` of the Dapr secret store `todo-secrets` (a Kubernetes Secret in a cluster,
/// `.todofn/secrets.json` under `todofn up`). The key is the secret's UTF-8 bytes.
package enum SigningKey {
    /// The secret store (fixed name).
    package static let secretStore = "todo-secrets"
    /// The secret's name in the store and its key inside the secret.
    package static let secretName = "jwt-signing-key"

    /// Reads the key, asking Dapr only when the environment has none.
    /// - Parameters:
    ///   - configuration: the function's configuration (its environment is checked first).
    ///   - dapr: the Dapr client for the secret store.
    /// - Returns: the key bytes.
    /// - Throws: `ConfigurationError` when neither source has a non-empty key, with Dapr's answer in the message.
    package static func load(configuration: Configuration, dapr: any DaprClient) async throws -> [UInt8] {
        try await load(secretName, variable: "JWT_SIGNING_KEY", configuration: configuration, dapr: dapr)
    }

    /// The secret of the audit chain's HMAC (audit-log's key, never stored in the audit database).
    package static let auditChainSecretName = "audit-chain-key"

    /// Reads a key: the environment variable `variable` if set, else the secret `name` of `todo-secrets`.
    /// - Parameters:
    ///   - name: the secret's name in the store and its key inside the secret.
    ///   - variable: the environment variable that overrides it.
    ///   - configuration: the function's configuration (its environment is checked first).
    ///   - dapr: the Dapr client for the secret store.
    /// - Returns: the key bytes (the secret's UTF-8).
    /// - Throws: `ConfigurationError` when neither source has a non-empty key, with Dapr's answer in the message.
    package static func load(
        _ name: String, variable: String, configuration: Configuration, dapr: any DaprClient
    ) async throws -> [UInt8] {
        if let key = configuration.value(variable) { return Array(key.utf8) }
        let secret: [String: String]
        do {
            secret = try await dapr.getSecret(store: secretStore, key: name)
        } catch {
            throw ConfigurationError(
                .missingValue,
                problems: ["\(variable): not set, and secret \(secretStore)/\(name) could not be read: \(error)"])
        }
        guard let key = secret[name] ?? secret.values.first, !key.isEmpty else {
            throw ConfigurationError(
                .missingValue, problems: ["\(variable): not set, and secret \(secretStore)/\(name) is empty"])
        }
        return Array(key.utf8)
    }
}
