import Crypto
import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Storage
import Testing

/// The real `todofn up` (the SliceTests `Stack`, on free ports over a fresh directory and SQLite) as an attacker
/// on the machine sees it: the ingress, the Dapr API's shared port and each function's own Dapr port, plus what
/// the probes need to prove that nothing was written (the audit rows, the tasks) and to send what a well-behaved
/// HTTP client would not (dot segments, a TAB in the target: `raw`).
///
/// A new probe is a test in a suite nested in `AttackSuite` (so stacks start one at a time):
///
/// ```swift
/// extension AttackSuite {
///     @Suite("attack: …") struct MyProbes {
///         @Test("…") func probe() async throws {
///             try await SecurityStack.with { stack in
///                 let before = try await stack.auditRows()
///                 let response = try await stack.dapr(.get, "/v1.0/secrets/todo-secrets/bulk", token: nil)
///                 Probe.expect(response, 401, "no token")
///                 try await stack.expectAuditUnchanged(since: before)
///             }
///         }
///     }
/// }
/// ```
final class SecurityStack: Sendable {
    let stack: Stack
    let directory: String
    let audit: any AuditStore
    private let auditDatabase: any SQLDatabase

    private init(stack: Stack, directory: String, audit: any AuditStore, auditDatabase: any SQLDatabase) {
        self.stack = stack
        self.directory = directory
        self.audit = audit
        self.auditDatabase = auditDatabase
    }

    /// Runs `body` against a fresh stack with one real task of alice's already audited (so probes have a real
    /// task to name), then stops the stack and removes its directory whatever happens.
    static func with(_ body: (SecurityStack) async throws -> Void) async throws {
        let directory = Files.temporaryDirectory()
        defer { Files.remove(directory) }
        try await Stack.with(directory: directory, database: nil) { stack in
            let alice = try TaskClient(stack: stack, user: "alice")
            _ = try await alice.create("real task")
            let (stores, database) = try await SliceBackend.auditStores(directory: directory, database: nil)
            let security = SecurityStack(stack: stack, directory: directory, audit: stores.audit, auditDatabase: database)
            do {
                _ = try await AuditRows.waitFor(1, in: stores.audit)
                try await body(security)
                await database.close()
            } catch {
                await database.close()
                throw error
            }
        }
    }

    // MARK: Tokens

    /// The shared Dapr port's token (`<data>/secrets.json`, `todofn token --dapr`).
    func daprToken() throws -> String { try stack.secret("dapr-api-token") }

    /// A user's development token signed with the stack's real key.
    func userToken(_ user: String, admin: Bool = false) throws -> String { try stack.token(user, admin: admin) }

    /// A token for `claims` signed with `key` (a guessed or stolen key).
    static func forgedToken(subject: String, admin: Bool, key: String) throws -> String {
        let now = Int64(time(nil))
        return try JWTSigner(secret: Array(key.utf8)).sign(
            JWTClaims(subject: subject, role: admin ? "admin" : nil, issuedAt: now, expiresAt: now + 3600))
    }

    // MARK: Ports

    /// A function's own Dapr API port, the token it was handed for it and its app token, read from its environment
    /// (as another process of the same user could); the function is started first by a request through the ingress.
    func functionPort(_ name: String) async throws -> FunctionProcess {
        let probe = name == "audit-log" ? "/audit" : "/api/probe/tasks"
        _ = try await stack.send(.get, probe, token: nil)
        let pid = try #require(stack.functionPID(name), "\(name) is not running")
        let environment = try #require(Files.read("/proc/\(pid)/environ"), "cannot read the environment of \(name)")
        var values: [String: String] = [:]
        for entry in environment.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            values[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        let port = try #require(values["DAPR_HTTP_PORT"].flatMap(Int.init), "\(name) has no DAPR_HTTP_PORT")
        let token = try #require(values["DAPR_API_TOKEN"], "\(name) has no DAPR_API_TOKEN")
        let appToken = try #require(values["APP_API_TOKEN"], "\(name) has no APP_API_TOKEN")
        let httpPort = try #require(values["PORT"].flatMap(Int.init), "\(name) has no PORT")
        return FunctionProcess(port: port, token: token, appToken: appToken, httpPort: httpPort)
    }

    // MARK: Requests

    /// A request to a Dapr API port (default: the shared one) with `dapr-api-token: token` when given.
    func dapr(
        _ method: HTTPMethod, _ path: String, port: Int? = nil, token: String?, headers: HTTPHeaders = [:],
        body: String = ""
    ) async throws -> HTTPResponse {
        var all = headers
        if let token { all["dapr-api-token"] = token }
        if !body.isEmpty, all["Content-Type"] == nil { all["Content-Type"] = "application/json" }
        return try await stack.client.execute(
            method, url: "http://127.0.0.1:\(port ?? stack.daprPort)\(path)", headers: all, body: Array(body.utf8),
            timeout: .seconds(30))
    }

    /// A request to the ingress (through `HTTPClient`, which may normalise the path: use `raw` for odd targets).
    func ingress(
        _ method: HTTPMethod, _ path: String, token: String?, json: String? = nil, headers: HTTPHeaders = [:]
    ) async throws -> HTTPResponse {
        try await stack.send(method, path, token: token, json: json, headers: headers)
    }

    /// Sends `method target` byte for byte (no normalisation, any control character) to `port` (default: the
    /// ingress) with `Host: host` (none when nil) and `Connection: close`, and returns the status and body.
    func raw(
        _ method: String, _ target: String, port: Int? = nil, host: String? = "127.0.0.1",
        headers: [(String, String)] = [], body: String = ""
    ) throws -> RawResponse {
        var head = "\(method) \(target) HTTP/1.1\r\n" + (host.map { "Host: \($0)\r\n" } ?? "") + "Connection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\n\r\n"
        return try RawResponse.exchange(Array((head + body).utf8), port: port ?? stack.port)
    }

    // MARK: Evidence

    /// Every audit row stored so far.
    func auditRows() async throws -> [AuditRecord] { try await AuditRows.all(audit) }

    /// Expects the audit log to hold exactly the rows of `before` (nothing forged, nothing lost), after giving any
    /// forged event that got through time to be delivered: a marker task is created and its own entry awaited, so
    /// everything published before it has been delivered too (one user's events keep their order).
    func expectAuditUnchanged(since before: [AuditRecord], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let marker = try TaskClient(stack: stack, user: "alice")
        let id = try await marker.create("marker")
        let deadline = ContinuousClock.now + .seconds(30)
        var rows = try await auditRows()
        while !rows.contains(where: { $0.entry.subject == id }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            rows = try await auditRows()
        }
        let added = rows.filter { row in !before.contains { $0.entry.eventID == row.entry.eventID } }
        #expect(
            added.map(\.entry.subject) == [id], "unexpected audit rows: \(added.map(\.entry.type))",
            sourceLocation: sourceLocation)
    }
}
