import DaprResources
import HTTPTypes
import JSON
import Synchronization

/// `GET /v1.0/metadata` and `PUT /v1.0/metadata/{key}` (§8.2).
struct MetadataAPI: Sendable {
    let core: RuntimeCore

    /// The sidecar metadata of the caller's app.
    func get(_ request: APIRequest) -> HTTPResponse {
        var extended = core.extended.withLock { $0 }
        extended["daprRuntimeVersion"] = core.configuration.runtimeVersion
        let components: [JSONValue] = core.components.all.filter { $0.isVisible(to: request.appID) }.map { component in
            var capabilities: [JSONValue] = []
            if component.kind == .state { capabilities = ["ETAG", "TRANSACTIONAL", "TTL"].map { .string($0) } }
            var entry: [String: JSONValue] = [
                "name": .string(component.name), "type": .string(component.type), "version": .string(component.version),
            ]
            if !capabilities.isEmpty { entry["capabilities"] = .array(capabilities) }
            return .object(entry)
        }
        let subscriptions: [JSONValue] = core.subscriptions.withLock { $0 }.filter { $0.appID == request.appID }.map {
            subscription in
            let rules: [JSONValue] = subscription.rules.map { rule in
                var entry: [String: JSONValue] = ["path": .string(rule.path)]
                if let match = rule.match { entry["match"] = .string(match) }
                return .object(entry)
            }
            return .object([
                "pubsubname": .string(subscription.pubsub), "topic": .string(subscription.topic),
                "rules": .array(rules), "deadLetterTopic": .string(subscription.deadLetterTopic ?? ""),
                "type": .string(subscription.type),
            ])
        }
        var body: [String: JSONValue] = [
            "id": .string(request.appID), "runtimeVersion": .string(core.configuration.runtimeVersion),
            "extended": .object(extended.mapValues { .string($0) }),
        ]
        if !components.isEmpty { body["components"] = .array(components) }
        if !subscriptions.isEmpty { body["subscriptions"] = .array(subscriptions) }
        return DaprResponse.json(.object(body))
    }

    /// Stores `extended[key] = body`; 204.
    func put(_ request: APIRequest, key: String) -> HTTPResponse {
        if !key.isEmpty {
            core.extended.withLock { $0[key] = String(decoding: request.raw.body, as: UTF8.self) }
        }
        return DaprResponse.noContent
    }
}
