import FoundationEssentials
import HTTPServer
import HTTPTypes
import JSON
import Synchronization

@testable import Dapr

/// daprd's state API over `state.in-memory`, as far as idempotency needs it: save with `first-write` (409 when the
/// key exists and no ETag is given), ETag checks, `ttlInSeconds`, 204 for a missing key, delete with `If-Match`.
final class FakeStateStore: HTTPResponder, Sendable {
    private struct Stored {
        var value: [UInt8]
        var etag: String
        var expiresAt: ContinuousClock.Instant?
    }

    private let values = Mutex<[String: Stored]>([:])
    private let received = Mutex<[HTTPRequest]>([])

    var requests: [HTTPRequest] { received.withLock { $0 } }

    /// The live value of a key, as JSON text.
    func value(_ key: String) -> String? {
        values.withLock { live($0[key]) }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        received.withLock { $0.append(request) }
        let prefix = "/v1.0/state/todo-statestore"
        let path = String(request.path)
        guard path.hasPrefix(prefix) else { return Self.error(400, "ERR_STATE_STORE_NOT_FOUND") }
        let key = PercentEncoding.decode(path.dropFirst(prefix.count + 1), plusAsSpace: true)
        return values.withLock { values in
            switch request.method {
            case .get:
                guard let stored = live(values[key]) else { return HTTPResponse(status: .noContent) }
                return HTTPResponse(
                    headers: ["ETag": stored.etag, "Content-Type": "application/json"], body: stored.value)
            case .delete:
                if let etag = request.headers["If-Match"], live(values[key])?.etag != etag {
                    return Self.error(409, "ERR_STATE_DELETE")
                }
                values[key] = nil
                return HTTPResponse(status: .noContent)
            case .post:
                guard case .array(let items)? = try? JSONValue.parse(request.body) else {
                    return Self.error(400, "ERR_MALFORMED_REQUEST")
                }
                for item in items {
                    guard let key = item["key"]?.stringValue else { return Self.error(400, "ERR_MALFORMED_REQUEST") }
                    let current = live(values[key])
                    if let etag = item["etag"]?.stringValue {
                        if current?.etag != etag { return Self.error(409, "ERR_STATE_SAVE") }
                    } else if item["options"]?["concurrency"]?.stringValue == "first-write", current != nil {
                        return Self.error(409, "ERR_STATE_SAVE")
                    }
                    let ttl = item["metadata"]?["ttlInSeconds"]?.stringValue.flatMap { Int($0) }
                    values[key] = Stored(
                        value: (item["value"] ?? .null).bytes(), etag: UUID().uuidString,
                        expiresAt: ttl.map { .now + .seconds($0) })
                }
                return HTTPResponse(status: .noContent)
            default:
                return Self.error(404, "ERR_DIRECT_INVOKE")
            }
        }
    }

    private func live(_ stored: Stored?) -> Stored? {
        guard let stored else { return nil }
        if let expiresAt = stored.expiresAt, expiresAt <= .now { return nil }
        return stored
    }

    private static func error(_ status: Int, _ code: String) -> HTTPResponse {
        HTTPResponse(
            status: HTTPStatus(code: status), headers: ["Content-Type": "application/json"],
            body: Array(#"{"errorCode":"\#(code)","message":"\#(code)"}"#.utf8))
    }

    /// Serves a fake on 127.0.0.1:0 for the duration of `body`.
    static func with<T>(_ body: (FakeStateStore, HTTPDaprClient) async throws -> T) async throws -> T {
        let fake = FakeStateStore()
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 1
        configuration.handlesSignals = false
        configuration.shutdownGracePeriod = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, responder: fake)
        let port = try server.start()
        defer { server.shutdown() }
        return try await body(fake, HTTPDaprClient(endpoint: "http://127.0.0.1:\(port)", retryPolicy: .none))
    }
}
