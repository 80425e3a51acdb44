import DaprResources

/// daprd's service-invocation access control from the callee's Configuration (`spec.accessControl`): the caller's
/// policy (`appId`) decides by its most specific matching operation (`name` with `*` for one segment and `**` for
/// any rest, `httpVerb` with `*` for any), else by its `defaultAction`; a caller without a policy gets the global
/// `defaultAction` (allow when there is no `accessControl`).
///
/// On top of daprd's rules, a Dapr-facing route (`isDaprFacing`) is allowed only by an operation that names it
/// with `action: allow`: no default opens the routes that carry the app token.
struct AccessControl: Sendable, Hashable {
    struct Operation: Sendable, Hashable {
        var segments: [String]
        var verbs: [String]
        var allow: Bool

        /// How specific a match is (literal segments count most), or nil when `path` does not match.
        func specificity(_ path: [Substring]) -> Int? {
            var score = 0
            for (index, segment) in segments.enumerated() {
                if segment == "**" { return score }
                guard index < path.count else { return nil }
                if segment == "*" { score += 1 } else if path[index] == segment { score += 2 } else { return nil }
            }
            return segments.count == path.count ? score + 1 : nil
        }

        func covers(_ verb: String) -> Bool { verbs.contains("*") || verbs.contains { $0.uppercased() == verb } }
    }

    struct Policy: Sendable, Hashable {
        var allowByDefault: Bool
        var operations: [Operation]
    }

    var allowByDefault = true
    var policies: [String: Policy] = [:]

    /// No access control: everything is allowed but the Dapr-facing routes.
    init() {}

    /// Reads `spec.accessControl` of `configuration`.
    init(_ configuration: RawResource) {
        guard let node = configuration.spec["accessControl"] else { return }
        allowByDefault = Self.isAllow(node["defaultAction"]?.scalar, default: true)
        for item in node["policies"]?.items ?? [] {
            guard let app = item["appId"]?.scalar, !app.isEmpty else { continue }
            let operations = (item["operations"]?.items ?? []).compactMap { operation -> Operation? in
                guard let name = operation["name"]?.scalar else { return nil }
                return Operation(
                    segments: name.split(separator: "/").map(String.init),
                    verbs: (operation["httpVerb"]?.items ?? []).compactMap(\.scalar),
                    allow: Self.isAllow(operation["action"]?.scalar, default: false))
            }
            policies[app] = Policy(
                allowByDefault: Self.isAllow(item["defaultAction"]?.scalar, default: allowByDefault), operations: operations)
        }
    }

    /// Whether `caller` may invoke `method` (cleaned, no leading `/`) with `verb`.
    func allows(caller: String, method: String, verb: String, isDaprFacing: Bool) -> Bool {
        let path = method.split(separator: "/")
        guard let policy = policies[caller] else { return allowByDefault && !isDaprFacing }
        var best: (score: Int, allow: Bool)?
        for operation in policy.operations where operation.covers(verb) {
            guard let score = operation.specificity(path) else { continue }
            if let current = best, current.score >= score { continue }
            best = (score, operation.allow)
        }
        if let best { return best.allow }
        return policy.allowByDefault && !isDaprFacing
    }

    private static func isAllow(_ text: String?, default value: Bool) -> Bool {
        guard let text else { return value }
        return text.lowercased() == "allow"
    }
}
