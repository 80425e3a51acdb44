import DaprResources
import FoundationEssentials
import HTTPTypes
import JSON
import SQLiteClient

/// Builds every app's subscriptions: declarative `Subscription` resources (scopes honoured) and programmatic ones
/// from `GET /dapr/subscribe` on the app.
///
/// Caching choice: asking every app for `/dapr/subscribe` would start every function at boot (scale from zero).
/// So the answer is fetched once, when no cached answer exists (or `refreshSubscriptions` is set, `todofn up
/// --refresh` after the binaries changed), and kept in `app_subscriptions` of the runtime database. A transport
/// failure is not cached (the next start asks again). As daprd does, only a 200 answer is parsed, 404 means none,
/// any other status logs an error and means none.
struct SubscriptionLoader: Sendable {
    let core: RuntimeCore
    let database: SQLiteDatabase

    /// Every subscription of every configured app, declarative first; a later duplicate (same app, pubsub,
    /// topic) is ignored with a warning.
    func load() async -> [ResolvedSubscription] {
        var result: [ResolvedSubscription] = []
        var seen = Set<String>()
        for app in core.configuration.apps {
            for subscription in declarative(app.appID) + (await programmatic(app.appID)) {
                guard core.components.pubsubs[subscription.pubsub]?.isVisible(to: app.appID) == true else {
                    core.logger.warning("pubsub: \(app.appID) subscribes to unknown pubsub \(subscription.pubsub)")
                    continue
                }
                guard !subscription.rules.isEmpty else { continue }
                let key = "\(app.appID)\u{0}\(subscription.pubsub)\u{0}\(subscription.topic)"
                guard seen.insert(key).inserted else {
                    core.logger.warning("pubsub: duplicate subscription of \(app.appID) to \(subscription.topic) ignored")
                    continue
                }
                result.append(subscription)
            }
        }
        return result
    }

    private func declarative(_ appID: String) -> [ResolvedSubscription] {
        core.components.subscriptions.filter { $0.isVisible(to: appID) }.map { subscription in
            ResolvedSubscription(
                appID: appID, pubsub: subscription.pubsubName, topic: subscription.topic,
                rules: ResolvedSubscription.rules(
                    rules: subscription.routes.rules.map { ($0.match, $0.path) },
                    defaultPath: subscription.routes.defaultPath, route: nil),
                deadLetterTopic: subscription.deadLetterTopic,
                rawPayload: subscription.properties["rawPayload"] == "true", type: "DECLARATIVE",
                bulk: subscription.bulkSubscribe.flatMap { bulk in
                    bulk.enabled
                        ? ResolvedSubscription.Bulk(
                            maxMessagesCount: bulk.maxMessagesCount.map(Int.init),
                            maxAwaitDurationMs: bulk.maxAwaitDurationMs.map(Int.init)) : nil
                })
        }
    }

    private func programmatic(_ appID: String) async -> [ResolvedSubscription] {
        var body: [UInt8]? = nil
        if !core.configuration.refreshSubscriptions {
            body = try? await database.read { connection in
                try connection.query("SELECT body FROM app_subscriptions WHERE app_id = ?1", [.text(appID)]).first?[0].blob
            }
        }
        if body == nil {
            body = await fetch(appID)
            if let body {
                let now = Date().timeIntervalSince1970
                _ = try? await database.write { connection in
                    try connection.query(
                        "INSERT OR REPLACE INTO app_subscriptions(app_id, body, fetched_at) VALUES (?1, ?2, ?3)",
                        [.text(appID), .blob(body), .real(now)])
                }
            }
        }
        guard let body, !body.isEmpty else { return [] }
        return SubscriptionLoader.parse(body, appID: appID, logger: core.logger)
    }

    /// The app's answer to `/dapr/subscribe` as bytes to cache (`[]` for "none"), or nil on transport failure.
    private func fetch(_ appID: String) async -> [UInt8]? {
        let request = HTTPRequest(
            method: .get, target: "/dapr/subscribe",
            headers: ["Content-Type": "application/json", "Dapr-App-Id": appID])
        do {
            let response = try await core.configuration.appChannel(appID, request)
            switch response.status.code {
            case 200: return response.body
            case 404: return Array("[]".utf8)
            default:
                core.logger.error("pubsub: \(appID) answered /dapr/subscribe with \(response.status.code)")
                return Array("[]".utf8)
            }
        } catch {
            core.logger.error("pubsub: could not fetch /dapr/subscribe of \(appID): \(error)")
            return nil
        }
    }

    /// Decodes a `/dapr/subscribe` answer (v1 and v2 fields mixed); a wrong type anywhere fails the whole answer.
    static func parse(_ body: [UInt8], appID: String, logger: RuntimeLogger) -> [ResolvedSubscription] {
        guard case .array(let entries)? = try? JSONValue.parse(body, lenient: true) else {
            logger.error("pubsub: \(appID)'s /dapr/subscribe answer is not a JSON array")
            return []
        }
        var result: [ResolvedSubscription] = []
        for entry in entries {
            guard let pubsub = entry["pubsubname"]?.stringValue, let topic = entry["topic"]?.stringValue else {
                logger.error("pubsub: \(appID)'s /dapr/subscribe entry lacks pubsubname or topic")
                return []
            }
            var metadata: [String: String] = [:]
            for (key, value) in entry["metadata"]?.objectValue ?? [:] {
                guard let text = value.stringValue else {
                    logger.error("pubsub: \(appID)'s /dapr/subscribe metadata values must be strings")
                    return []
                }
                metadata[key] = text
            }
            let bulk: ResolvedSubscription.Bulk?
            do {
                bulk = try bulkSettings(entry["bulkSubscribe"])
            } catch {
                logger.error("pubsub: \(appID)'s /dapr/subscribe bulkSubscribe must be {enabled: bool, …: integers}")
                return []
            }
            let routes = entry["routes"]?.objectValue ?? [:]
            let rules: [(match: String, path: String)] = (routes["rules"]?.arrayValue ?? []).compactMap { rule in
                guard let path = rule["path"]?.stringValue else { return nil }
                return (rule["match"]?.stringValue ?? "", path)
            }
            result.append(
                ResolvedSubscription(
                    appID: appID, pubsub: pubsub, topic: topic,
                    rules: ResolvedSubscription.rules(
                        rules: rules, defaultPath: routes["default"]?.stringValue, route: entry["route"]?.stringValue),
                    deadLetterTopic: entry["deadLetterTopic"]?.stringValue, rawPayload: metadata["rawPayload"] == "true",
                    type: "PROGRAMMATIC", bulk: bulk))
        }
        return result
    }

    /// `bulkSubscribe` of a programmatic subscription: nil when absent or disabled.
    /// - Throws: `InvalidBulkSettings` when a field has the wrong type (daprd's decoder rejects the whole answer).
    private static func bulkSettings(_ value: JSONValue?) throws(InvalidBulkSettings) -> ResolvedSubscription.Bulk? {
        guard let value, value != .null else { return nil }
        guard case .object(let fields) = value else { throw InvalidBulkSettings() }
        func integer(_ name: String) throws(InvalidBulkSettings) -> Int? {
            guard let field = fields[name], field != .null else { return nil }
            guard case .number(let literal) = field, let number = Int(literal) else { throw InvalidBulkSettings() }
            return number
        }
        let count = try integer("maxMessagesCount")
        let wait = try integer("maxAwaitDurationMs")
        switch fields["enabled"] {
        case nil, .null?, .bool(false)?: return nil
        case .bool(true)?: return ResolvedSubscription.Bulk(maxMessagesCount: count, maxAwaitDurationMs: wait)
        default: throw InvalidBulkSettings()
        }
    }

    private struct InvalidBulkSettings: Error {}
}
