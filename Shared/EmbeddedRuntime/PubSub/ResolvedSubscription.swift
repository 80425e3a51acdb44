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
    /// Bulk delivery settings when `bulkSubscribe.enabled` is true, else nil (one event per request).
    package var bulk: Bulk?

    /// `bulkSubscribe` of an enabled bulk subscription, with daprd's defaults for absent or non-positive values.
    package struct Bulk: Sendable, Hashable {
        /// Entries per bulk request at most (daprd's default 100).
        package var maxMessagesCount: Int
        /// daprd's longest wait to fill a bulk (default 1000 ms). The embedded runtime never waits to fill one:
        /// see `SubscriptionConsumer`.
        package var maxAwaitDurationMs: Int

        /// Creates settings; a count or duration that is absent or ≤ 0 takes daprd's default.
        package init(maxMessagesCount: Int? = nil, maxAwaitDurationMs: Int? = nil) {
            self.maxMessagesCount = (maxMessagesCount ?? 0) > 0 ? maxMessagesCount! : 100
            self.maxAwaitDurationMs = (maxAwaitDurationMs ?? 0) > 0 ? maxAwaitDurationMs! : 1000
        }
    }

    /// Creates a subscription.
    package init(
        appID: String, pubsub: String, topic: String, rules: [Rule], deadLetterTopic: String? = nil,
        rawPayload: Bool = false, type: String = "DECLARATIVE", bulk: Bulk? = nil
    ) {
        self.appID = appID
        self.pubsub = pubsub
        self.topic = topic
        self.rules = rules
        self.deadLetterTopic = deadLetterTopic.flatMap { $0.isEmpty ? nil : $0 }
        self.rawPayload = rawPayload
        self.type = type
        self.bulk = bulk
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
