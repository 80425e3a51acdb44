import Dapr

/// One pub/sub subscription a function declares in code; `GET /dapr/subscribe` is generated from these, so the
/// `dapr/` YAML never repeats them.
///
/// ```swift
/// static let subscriptions = [
///     DaprSubscription(pubsub: "todo-pubsub", topic: "task-events", route: "/events/tasks",
///                      deadLetterTopic: "task-events-dlq"),
/// ]
/// ```
package struct DaprSubscription: Sendable, Hashable {
    /// A routing rule: deliveries whose CloudEvent matches the CEL expression go to `path`.
    package struct Rule: Sendable, Hashable {
        /// A CEL expression over `event`, e.g. `event.type == "todo.task.completed.v1"` (quote string literals).
        package var match: String
        package var path: String
        /// Creates a rule.
        package init(match: String, path: String) {
            self.match = match
            self.path = path
        }
    }

    /// Bulk delivery settings (daprd's defaults: 100 messages, 1000 ms).
    package struct Bulk: Sendable, Hashable {
        package var maxMessagesCount: Int
        package var maxAwaitDurationMs: Int
        /// Creates bulk settings.
        package init(maxMessagesCount: Int = 100, maxAwaitDurationMs: Int = 1000) {
            self.maxMessagesCount = maxMessagesCount
            self.maxAwaitDurationMs = maxAwaitDurationMs
        }
    }

    package var pubsub: String
    package var topic: String
    /// The path deliveries are POSTed to (the default route when `rules` are given).
    package var route: String
    package var rules: [Rule]
    /// Where daprd republishes what the function drops or keeps failing on (same pubsub).
    package var deadLetterTopic: String?
    /// Subscription metadata, e.g. `["rawPayload": "true"]` (values are strings; daprd rejects JSON booleans).
    package var metadata: [String: String]
    /// Bulk delivery, if wanted.
    package var bulk: Bulk?

    /// Creates a subscription.
    package init(
        pubsub: String, topic: String, route: String, rules: [Rule] = [], deadLetterTopic: String? = nil,
        metadata: [String: String] = [:], bulk: Bulk? = nil
    ) {
        self.pubsub = pubsub
        self.topic = topic
        self.route = route.hasPrefix("/") ? route : "/" + route
        self.rules = rules.map { Rule(match: $0.match, path: $0.path.hasPrefix("/") ? $0.path : "/" + $0.path) }
        self.deadLetterTopic = deadLetterTopic
        self.metadata = metadata
        self.bulk = bulk
    }

    /// Every path this subscription delivers to.
    var paths: [String] { [route] + rules.map(\.path) }

    /// The `GET /dapr/subscribe` answer: a JSON array of v2-shaped subscriptions (`routes.rules` + `routes.default`).
    package static func subscribeResponseBody(_ subscriptions: [DaprSubscription]) -> [UInt8] {
        var writer = JSONBodyWriter()
        writer.beginArray()
        for subscription in subscriptions { subscription.write(to: &writer) }
        writer.endArray()
        return writer.bytes
    }

    private func write(to writer: inout JSONBodyWriter) {
        writer.beginObject()
        writer.key("pubsubname")
        writer.string(pubsub)
        writer.key("topic")
        writer.string(topic)
        writer.key("routes")
        writer.beginObject()
        if !rules.isEmpty {
            writer.key("rules")
            writer.beginArray()
            for rule in rules { writer.stringMap(["match": rule.match, "path": rule.path]) }
            writer.endArray()
        }
        writer.key("default")
        writer.string(route)
        writer.endObject()
        if let deadLetterTopic {
            writer.key("deadLetterTopic")
            writer.string(deadLetterTopic)
        }
        if !metadata.isEmpty {
            writer.key("metadata")
            writer.stringMap(metadata)
        }
        if let bulk {
            writer.key("bulkSubscribe")
            writer.beginObject()
            writer.key("enabled")
            writer.bool(true)
            writer.key("maxMessagesCount")
            writer.integer(bulk.maxMessagesCount)
            writer.key("maxAwaitDurationMs")
            writer.integer(bulk.maxAwaitDurationMs)
            writer.endObject()
        }
        writer.endObject()
    }
}
