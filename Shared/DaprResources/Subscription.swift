/// A declarative Dapr `Subscription` (`dapr.io/v2alpha1` with `routes`, or `dapr.io/v1alpha1` with `route`).
///
/// A v1alpha1 `route` is converted to `routes.defaultPath` with no rules, as Dapr's conversion does.
package struct Subscription: Sendable, Hashable {
    /// `metadata`.
    package var metadata: ResourceMetadata
    /// The API version the file used: `dapr.io/v1alpha1` or `dapr.io/v2alpha1`.
    package var apiVersion: String
    /// `spec.pubsubname`.
    package var pubsubName: String
    /// `spec.topic`.
    package var topic: String
    /// `spec.routes` (or the converted v1alpha1 `spec.route`).
    package var routes: Routes
    /// `spec.deadLetterTopic`, if set.
    package var deadLetterTopic: String?
    /// `spec.bulkSubscribe`, if set.
    package var bulkSubscribe: BulkSubscribe?
    /// `spec.metadata` (for example `rawPayload: "true"`).
    package var properties: [String: String]
    /// `scopes` (top level): the app IDs that load it; empty means every app.
    package var scopes: [String]

    /// `metadata.name`.
    package var name: String { metadata.name }

    /// Where matching events go: CEL rules in order, then the default path.
    package struct Routes: Sendable, Hashable {
        /// `routes.rules`, tried in order.
        package var rules: [Rule]
        /// `routes.default`, the match-all path.
        package var defaultPath: String?

        /// Creates routes.
        package init(rules: [Rule] = [], defaultPath: String? = nil) {
            self.rules = rules
            self.defaultPath = defaultPath
        }
    }

    /// One routing rule: a CEL expression over `event` and the path for events it matches.
    package struct Rule: Sendable, Hashable {
        /// `match`, a CEL expression such as `event.type == "order.created"`.
        package var match: String
        /// `path` on the app.
        package var path: String

        /// Creates a rule.
        package init(match: String, path: String) {
            self.match = match
            self.path = path
        }
    }

    /// `spec.bulkSubscribe`.
    package struct BulkSubscribe: Sendable, Hashable {
        /// `enabled`.
        package var enabled: Bool
        /// `maxMessagesCount` (Dapr's default 100 when absent).
        package var maxMessagesCount: Int32?
        /// `maxAwaitDurationMs` (Dapr's default 1000 when absent).
        package var maxAwaitDurationMs: Int32?
    }

    /// Whether the app `appID` loads this subscription.
    package func isVisible(to appID: String) -> Bool { scopes.isEmpty || scopes.contains(appID) }

    /// Reads and validates a Subscription document of either version.
    init(from top: FieldReader, apiVersion: String) throws(ResourceError) {
        self.apiVersion = apiVersion
        let isV2 = apiVersion == "dapr.io/v2alpha1"
        metadata = try ResourceMetadata(from: top)
        let routeKey = isV2 ? "routes" : "route"
        let spec = try FieldReader(
            top.required("spec"), field: "spec", path: top.path,
            allowed: ["pubsubname", "topic", routeKey, "deadLetterTopic", "bulkSubscribe", "metadata"])
        pubsubName = try spec.requiredString("pubsubname")
        topic = try spec.requiredString("topic")
        if isV2 {
            let routes = try FieldReader(
                spec.required("routes"), field: "spec.routes", path: top.path, allowed: ["rules", "default"])
            var rules: [Rule] = []
            for (index, item) in try (routes.sequence("rules") ?? []).enumerated() {
                let rule = try FieldReader(
                    item, field: "spec.routes.rules[\(index)]", path: top.path, allowed: ["match", "path"])
                rules.append(Rule(match: try rule.requiredString("match"), path: try rule.requiredString("path")))
            }
            self.routes = Routes(rules: rules, defaultPath: try routes.string("default"))
        } else {
            routes = Routes(defaultPath: try spec.requiredString("route"))
        }
        deadLetterTopic = try spec.string("deadLetterTopic")
        if let bulk = try spec.mapping("bulkSubscribe", allowed: ["enabled", "maxMessagesCount", "maxAwaitDurationMs"]) {
            _ = try bulk.required("enabled")
            bulkSubscribe = BulkSubscribe(
                enabled: try bulk.bool("enabled") ?? false, maxMessagesCount: try bulk.int32("maxMessagesCount"),
                maxAwaitDurationMs: try bulk.int32("maxAwaitDurationMs"))
        } else {
            bulkSubscribe = nil
        }
        properties = try spec.stringMap("metadata") ?? [:]
        scopes = try top.stringList("scopes") ?? []
    }
}
