import DaprResources

/// daprd's topic scoping (`allowedTopics`, `protectedTopics`, `publishingScopes` / `subscriptionScopes` as
/// `app1=t1,t2;app2=t3`): names compared case-insensitively, spaces stripped.
enum TopicScopes {
    /// Whether `appID` may use `topic` on `component` (`scopesKey` selects publishing or subscription scopes).
    static func isAllowed(_ component: Component, appID: String, topic: String, scopesKey: String) -> Bool {
        let topic = normalise(topic)
        let scoped = scopes(component.value(scopesKey))
        let appTopics = scoped[normalise(appID)]
        if let appTopics, !appTopics.contains(topic) { return false }
        if let allowed = component.value("allowedTopics").map(list), !allowed.isEmpty, !allowed.contains(topic) {
            return false
        }
        if let protected = component.value("protectedTopics").map(list), protected.contains(topic) {
            return appTopics?.contains(topic) ?? false
        }
        return true
    }

    private static func normalise(_ text: String) -> String { text.lowercased().filter { $0 != " " } }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { normalise(String($0)) }.filter { !$0.isEmpty }
    }

    private static func scopes(_ text: String?) -> [String: [String]] {
        guard let text else { return [:] }
        var result: [String: [String]] = [:]
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard let app = parts.first else { continue }
            result[normalise(String(app)), default: []] += parts.count > 1 ? list(String(parts[1])) : []
        }
        return result
    }
}
