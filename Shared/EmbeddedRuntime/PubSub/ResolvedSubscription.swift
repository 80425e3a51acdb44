/// A subscription as the delivery engine uses it: declarative or programmatic, its rules assembled as daprd does
/// (`routes.rules` in order, then `routes.default` as a match-all rule, `route` only without a default).
package struct ResolvedSubscription: Sendable, Hashable {
    /// One routing rule; a nil `match` matches every event.
    package struct Rule: Sendable, Hashable {
        /// The CEL expression (see `RouteMatcher` for the supported subset), or nil for the default.
        package var match: String?
        /// The path the event is POSTed to (leading `/` added).
        package var path: String

        /// Creates a rule.
        package init(match: String?, path: String) {
            self.match = (match?.isEmpty ?? true) ? nil : match
            self.path = path.hasPrefix("/") ? path : "/" + path
        }
    }

    /// The subscribing app.
    package var appID: String
    /// The pub/sub component.
    package var pubsub: String
    /// The topic.
    package var topic: String
    /// The rules in evaluation order.
    package var rules: [Rule]
    /// The dead-letter topic on the same pub/sub, if any.
    package var deadLetterTopic: String?
    /// Whether the app wants raw payloads wrapped in a synthetic CloudEvent (`metadata.rawPayload: "true"`).
    package var rawPayload: Bool
    /// `DECLARATIVE` or `PROGRAMMATIC`, as `/v1.0/metadata` reports it.
    package var type: String

    /// Creates a subscription.
    package init(
        appID: String, pubsub: String, topic: String, rules: [Rule], deadLetterTopic: String? = nil,
        rawPayload: Bool = false, type: String = "DECLARATIVE"
    ) {
        self.appID = appID
        self.pubsub = pubsub
        self.topic = topic
        self.rules = rules
        self.deadLetterTopic = deadLetterTopic.flatMap { $0.isEmpty ? nil : $0 }
        self.rawPayload = rawPayload
        self.type = type
    }

    /// Assembles rules like daprd: `rules`, then `defaultPath`, else `route`.
    package static func rules(rules: [(match: String, path: String)], defaultPath: String?, route: String?) -> [Rule] {
        var result = rules.map { Rule(match: $0.match, path: $0.path) }
        if let defaultPath, !defaultPath.isEmpty {
            result.append(Rule(match: nil, path: defaultPath))
        } else if let route, !route.isEmpty {
            result.append(Rule(match: nil, path: route))
        }
        return result
    }
}
