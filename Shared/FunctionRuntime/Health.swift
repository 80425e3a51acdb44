import HTTPTypes

/// Whether the function is ready for traffic, as `/health/readiness` and `/_/ready` report it.
///
/// ```swift
/// let migrated = Atomic<Bool>(false)   // set once migrations ran
/// try await FunctionServer.run(handler, configuration: config, readiness: Readiness { migrated.load(ordering: .relaxed) })
/// ```
package struct Readiness: Sendable {
    private let check: (@Sendable () async -> Bool)?

    /// Always ready: the probe answers without calling anything.
    package static let always = Readiness(nil)

    /// Ready when `check` returns true; it runs on every probe, so keep it cheap.
    package init(_ check: (@Sendable () async -> Bool)?) { self.check = check }

    /// Runs the check.
    package func isReady() async -> Bool {
        guard let check else { return true }
        return await check()
    }
}

/// The routes the runtime answers itself, before the function's own: health probes of Knative and OpenFaaS,
/// and `/metrics`. They need no app token and get no request id.
enum BuiltinRoute: Int, CaseIterable {
    case liveness, readiness, health, openFaaSHealth, openFaaSReady, metrics

    var path: String {
        switch self {
        case .liveness: "/health/liveness"
        case .readiness: "/health/readiness"
        case .health: "/health"
        case .openFaaSHealth: "/_/health"
        case .openFaaSReady: "/_/ready"
        case .metrics: "/metrics"
        }
    }

    var checksReadiness: Bool { self == .readiness || self == .openFaaSReady }

    /// The metrics slot; builtins come first.
    var slot: Int { rawValue }

    private static let paths = allCases.map { ($0, $0.path) }

    /// The builtin route for a `GET`/`HEAD` of `path`, compared exactly (no decoding, no allocation).
    static func match(_ method: HTTPMethod, _ path: Substring) -> BuiltinRoute? {
        guard path.utf8.count <= 17, method == .get || method == .head else { return nil }
        for (route, routePath) in paths where path == routePath { return route }
        return nil
    }

    static let okResponse = HTTPResponse(
        status: .ok, headers: ["Content-Type": "application/json"], body: Array(#"{"status":"ok"}"#.utf8))
    static let unavailableResponse = HTTPResponse(
        status: .serviceUnavailable, headers: ["Content-Type": "application/json"],
        body: Array(#"{"status":"unavailable"}"#.utf8))
}
