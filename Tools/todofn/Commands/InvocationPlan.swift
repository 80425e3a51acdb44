import EmbeddedIngress
import FoundationEssentials
import Glibc
import HTTPTypes

/// What `todofn invoke` sends, and where: built from its options with the defaults of Knative's `func invoke`.
struct InvocationPlan {
    /// The stack's ingress and the runtime's shared Dapr API port, for `--target local`.
    static let ingressBase = "http://127.0.0.1:8080"
    static let daprBase = "http://127.0.0.1:3500"

    var method: HTTPMethod
    var url: String
    var headers: HTTPHeaders
    var body: [UInt8]

    /// Builds the request for `function` from `options` (already validated by `InvokeCommand`).
    init(function: String, options: Options) throws {
        let format = try Self.format(options.value("--format") ?? "http")
        let path = options.value("--path") ?? "/"
        guard path.hasPrefix("/") else { throw UsageError(message: "--path must start with / (got '\(path)')") }
        let methodName = (options.value("--method") ?? options.value("--request-type") ?? "POST").uppercased()
        guard !methodName.isEmpty, methodName.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw UsageError(message: "--method must be an HTTP method such as GET or POST (got '\(methodName)')")
        }
        method = HTTPMethod(rawValue: methodName)
        url = try Self.url(function: function, target: options.value("--target") ?? "local", path: path)
        let contentType = options.value("--content-type") ?? "application/json"
        if let file = options.value("--file") {
            guard let bytes = readFile(file) else { throw UsageError(message: "cannot read --file \(file)") }
            body = bytes
        } else {
            body = Array((options.value("--data") ?? #"{"message":"Hello World"}"#).utf8)
        }
        if method == .get || method == .head { body = [] }
        headers = [:]
        if !body.isEmpty || format == "cloudevent" { headers["Content-Type"] = contentType }
        if url.hasPrefix(Self.daprBase) || url.contains("/v1.0/invoke/") {
            headers["dapr-api-token"] = try DevelopmentSecrets.loadOrCreate(in: DataDirectory.from(options)).daprToken
        }
        if let user = options.value("--user") {
            // A development token for a user-facing route, signed with the stack's key (`--admin` for the role).
            let secrets = try DevelopmentSecrets.loadOrCreate(in: DataDirectory.from(options))
            headers["Authorization"] = "Bearer " + (try secrets.token(for: user, admin: options.has("--admin"), lifetime: 3600))
        }
        if format == "cloudevent" {
            // Binary content mode, as func's sdk-go client sends it.
            headers["ce-specversion"] = "1.0"
            headers["ce-id"] = options.value("--id") ?? UUID().uuidString.lowercased()
            headers["ce-source"] = options.value("--source") ?? "/boson/fn"
            headers["ce-type"] = options.value("--type") ?? "boson.fn"
            headers["ce-time"] = Self.timestamp()
        } else if let flag = ["--id", "--source", "--type"].first(where: { options.value($0) != nil }) {
            throw UsageError(message: "\(flag) is only valid with --format cloudevent")
        }
    }

    /// `http` or `cloudevent` (`cloudevents` is accepted as func accepts it).
    static func format(_ text: String) throws -> String {
        switch text.lowercased() {
        case "http": return "http"
        case "cloudevent", "cloudevents": return "cloudevent"
        default: throw UsageError(message: "--format must be http or cloudevent (got '\(text)')")
        }
    }

    /// `local`: through the ingress on 127.0.0.1:8080 when the route table sends `path` to this function (e.g.
    /// `task-crud` with `/api/tasks`), else through the runtime's invoke API on 3500
    /// (`/v1.0/invoke/<function>/method<path>`); a URL: straight to that function.
    static func url(function: String, target: String, path: String) throws -> String {
        if target == "local" {
            let routePath = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if IngressRoutes.standard.destination(for: routePath, fallback: .notFound) == .function(function) {
                return ingressBase + path
            }
            return daprBase + "/v1.0/invoke/\(function)/method" + path
        }
        guard target.hasPrefix("http://") || target.hasPrefix("https://") else {
            throw UsageError(message: "--target must be local or an http:// URL (got '\(target)')")
        }
        var base = target
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// Now as RFC 3339 in UTC, e.g. `2026-01-02T03:04:05Z`.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
