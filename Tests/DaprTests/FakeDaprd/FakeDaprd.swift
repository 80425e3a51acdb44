import FoundationEssentials
import HTTPServer
import HTTPTypes
import JSON
import Synchronization

@testable import Dapr

/// A loopback stand-in for daprd that answers as daprd 1.16–1.18 does (see `shared/reference/dapr-http-api.md`):
/// 204 for a missing key, 409 on an ETag or first-write conflict, 500 for a missing job, `data` in bulk get, 401 for
/// an unknown secret store, `invalid api token` as text/plain, the `ERR_DIRECT_INVOKE` fallback for unknown routes.
final class FakeDaprd: HTTPResponder, Sendable {
    struct StoredValue {
        var value: [UInt8]
        var etag: String
        var expiresAt: ContinuousClock.Instant?
    }

    struct Published {
        var pubsub: String
        var topic: String
        var contentType: String?
        var metadata: [String: String]
        var body: [UInt8]
    }

    struct Storage {
        var state: [String: [String: StoredValue]] = [:]
        var published: [Published] = []
        var jobs: [String: JSONValue] = [:]
        var requests: [HTTPRequest] = []
        var healthFailuresLeft = 0
        var failingEntryIDs: Set<String> = []
        /// Answers given, in order, to the next requests whose path starts with the prefix.
        var injected: [(prefix: String, response: HTTPResponse)] = []
        /// Delays applied, in order, to the next requests whose path starts with the prefix.
        var delays: [(prefix: String, delay: Duration)] = []
    }

    let apiToken: String?
    let stateStores: Set<String> = ["todo-statestore"]
    let pubsubs: Set<String> = ["todo-pubsub"]
    let secrets: [String: [String: [String: String]]] = [
        "todo-secrets": ["db:password": ["db:password": "pw"], "jwt": ["jwt": "s3cret"]]
    ]
    let storage = Mutex(Storage())

    init(apiToken: String? = nil) { self.apiToken = apiToken }

    /// Every request received, in order.
    var requests: [HTTPRequest] { storage.withLock { $0.requests } }
    var published: [Published] { storage.withLock { $0.published } }

    /// Queues an answer for the next request whose path starts with `prefix`.
    func inject(_ response: HTTPResponse, forPathPrefix prefix: String, times: Int = 1) {
        storage.withLock { for _ in 0..<times { $0.injected.append((prefix, response)) } }
    }

    /// Makes bulk publish fail these entries.
    func failEntries(_ ids: Set<String>) { storage.withLock { $0.failingEntryIDs = ids } }
    /// Makes `/v1.0/healthz/outbound` fail this many times first.
    func failHealth(times: Int) { storage.withLock { $0.healthFailuresLeft = times } }
    /// The stored value of a key, as JSON text.
    func stored(_ store: String, _ key: String) -> StoredValue? { storage.withLock { $0.state[store]?[key] } }
    /// The stored job definitions.
    func job(_ name: String) -> JSONValue? { storage.withLock { $0.jobs[name] } }

    /// Makes the next request whose path starts with `prefix` wait `delay` before being answered.
    func delay(_ delay: Duration, forPathPrefix prefix: String) {
        storage.withLock { $0.delays.append((prefix, delay)) }
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let path = String(request.path)
        let delay: Duration? = storage.withLock { storage in
            storage.requests.append(request)
            guard let index = storage.delays.firstIndex(where: { path.hasPrefix($0.prefix) }) else { return nil }
            return storage.delays.remove(at: index).delay
        }
        if let delay { try? await Task.sleep(for: delay) }
        let injected: HTTPResponse? = storage.withLock { storage in
            guard let index = storage.injected.firstIndex(where: { path.hasPrefix($0.prefix) }) else { return nil }
            return storage.injected.remove(at: index).response
        }
        if let injected { return injected }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            PercentEncoding.decode($0, plusAsSpace: true)  // daprd uses url.QueryUnescape: `+` is a space
        }
        let isHealth = request.method == .get && (path == "/v1.0/healthz" || path == "/v1.0/healthz/outbound")
        if let apiToken, !isHealth, request.headers["dapr-api-token"] != apiToken {
            return HTTPResponse(
                status: .unauthorized, contentType: "text/plain; charset=utf-8", text: "invalid api token\n")
        }
        let metadata = Self.metadata(request)
        switch (request.method, segments.first, segments.dropFirst().first) {
        case (.get, "v1.0", "healthz") where segments.count == 3 && segments[2] == "outbound":
            return storage.withLock { storage in
                guard storage.healthFailuresLeft > 0 else { return HTTPResponse(status: .noContent) }
                storage.healthFailuresLeft -= 1
                return Self.error(500, "ERR_OUTBOUND_HEALTH_NOT_READY", "dapr outbound is not ready")
            }
        case (.post, "v1.0", "publish") where segments.count >= 4:
            return publish(pubsub: segments[2], topic: segments[3...].joined(separator: "/"), request, metadata)
        case (.post, "v1.0-alpha1", "publish") where segments.count >= 5 && segments[2] == "bulk":
            return bulkPublish(pubsub: segments[3], request)
        case (_, "v1.0", "state") where segments.count >= 3:
            return state(request, segments: Array(segments.dropFirst(2)), metadata)
        case (_, "v1.0-alpha1", "jobs") where segments.count == 3:
            return job(request, name: segments[2])
        case (.get, "v1.0", "secrets") where segments.count == 4:
            return secret(store: segments[2], key: segments[3])
        case (_, "v1.0", "invoke") where segments.count >= 4 && segments[3] == "method":
            return invoke(request, appID: segments[2], method: segments[4...].joined(separator: "/"))
        case (.post, "v1.0", "bindings") where segments.count == 3:
            return binding(request, name: segments[2])
        default:
            return Self.error(
                404, "ERR_DIRECT_INVOKE", "failed getting app id either from the URL path or the header dapr-app-id")
        }
    }

    /// A daprd error body: `{"errorCode","message"}` as `application/json`.
    static func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        var writer = JSONBodyWriter()
        writer.stringMap(["errorCode": code, "message": message])
        return HTTPResponse(
            status: HTTPStatus(code: status), headers: ["Content-Type": "application/json"], body: writer.bytes)
    }

    /// The `metadata.*` query parameters (exact, case-sensitive prefix; first value wins).
    static func metadata(_ request: HTTPRequest) -> [String: String] {
        var metadata: [String: String] = [:]
        for item in request.queryItems where item.name.hasPrefix("metadata.") {
            let key = String(item.name.dropFirst("metadata.".count))
            if metadata[key] == nil { metadata[key] = item.value }
        }
        return metadata
    }

    private func secret(store: String, key: String) -> HTTPResponse {
        guard let secretStore = secrets[store] else {
            return Self.error(401, "ERR_SECRET_STORE_NOT_FOUND", "failed finding secret store with key \(store)")
        }
        var writer = JSONBodyWriter()
        if key == "bulk" {
            writer.beginObject()
            for (name, values) in secretStore.sorted(by: { $0.key < $1.key }) {
                writer.key(name)
                writer.stringMap(values)
            }
            writer.endObject()
        } else if let values = secretStore[key] {
            writer.stringMap(values)
        } else {
            return Self.error(500, "ERR_SECRET_GET", "failed getting secret with key \(key) from secret store \(store)")
        }
        return HTTPResponse(headers: ["Content-Type": "application/json"], body: writer.bytes)
    }

    private func invoke(_ request: HTTPRequest, appID: String, method: String) -> HTTPResponse {
        guard appID == "task-crud" else {
            return Self.error(500, "ERR_DIRECT_INVOKE", "failed to invoke, id: \(appID), err: app not found")
        }
        let target = "/" + method + (request.query.map { "?" + $0 } ?? "")
        return HTTPResponse(
            status: HTTPStatus(code: 418), headers: ["X-Method": request.method.rawValue, "X-Target": target],
            body: request.body)
    }

    private func binding(_ request: HTTPRequest, name: String) -> HTTPResponse {
        guard let body = try? JSONValue.parse(request.body), let operation = body["operation"]?.stringValue else {
            return Self.error(500, "ERR_INVOKE_OUTPUT_BINDING", "operation field is missing from request")
        }
        switch name {
        case "todo-out":
            let data = body["data"]?.bytes() ?? []
            return HTTPResponse(
                headers: ["Content-Type": "application/json", "metadata.operation": operation], body: data)
        case "todo-sink":
            return HTTPResponse(status: .noContent)
        default:
            return Self.error(500, "ERR_INVOKE_OUTPUT_BINDING", "couldn't find output binding \(name)")
        }
    }
}
