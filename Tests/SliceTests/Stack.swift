import Crypto
import EmbeddedSupervisor
import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Testing

/// `todofn up` run as a real process over a data directory, as a newcomer runs it: ingress, embedded Dapr
/// runtime and supervisor in one process, task-crud and audit-log started on demand from the build directory.
final class Stack: Sendable {
    let directory: String
    let database: String?
    let port: Int
    /// The Dapr API's shared port (app-id `todofn`).
    let daprPort: Int
    let client = HTTPClient()
    /// The pid of `todofn up`.
    let pid: Int32

    /// Starts `todofn up` on free ports over `directory` (created if missing) and waits until task-crud answers.
    /// A port picked here can be taken before `todofn up` binds it (by its own functions' ports, or by another
    /// process on a busy machine): then it exits saying so, at whatever point of its start-up it binds, and is
    /// started again on other ports.
    init(directory: String, database: String?) async throws {
        self.directory = directory
        self.database = database
        mkdir(directory, 0o700)
        let executable = FunctionDefinition.executableDirectory + "/todofn"
        try #require(access(executable, X_OK) == 0, "\(executable) is missing: run `swift build` before `swift test`")
        var attempt = 1
        while true {
            let port = try FreePort.pick()
            let daprPort = try FreePort.pick()
            var arguments = [
                "up", "--port", String(port), "--dapr-port", String(daprPort), "--data-dir",
                directory + "/data",
            ]
            if let database { arguments += ["--database", database] }
            let logStart = Files.read(directory + "/up.log")?.count ?? 0
            let pid = try Processes.spawn(
                executable, arguments, environment: ["LOG_LEVEL": "warning"], output: directory + "/up.log")
            let outcome = await Self.waitUntilServing(pid: pid, port: port, log: directory + "/up.log", from: logStart)
            if outcome == .portClash, attempt < 4 {
                attempt += 1
                continue
            }
            guard outcome == .serving else {
                if outcome == .timedOut {
                    kill(pid, SIGKILL)
                    _ = await Processes.waitForExit(pid, within: .seconds(5))
                }
                Issue.record(
                    "todofn up did not serve (\(outcome)); log:\n\(Files.text(directory + "/up.log").suffix(3000))")
                throw StackError.notServing
            }
            self.port = port
            self.daprPort = daprPort
            self.pid = pid
            break
        }
    }

    private enum StartOutcome { case serving, portClash, exited, timedOut }

    /// Waits until task-crud answers through the ingress on `port` (401 for a request without a token), or until
    /// `todofn up` exits: because one of its ports was taken meanwhile, or for another reason (both in its log).
    private static func waitUntilServing(pid: Int32, port: Int, log: String, from offset: Int) async -> StartOutcome {
        let client = HTTPClient()
        defer { client.close() }
        // Generous: in a full parallel run on a busy machine several stacks migrate their databases at once.
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let output = String(decoding: (Files.read(log) ?? []).dropFirst(offset), as: UTF8.self)
                return output.contains("Address already in use") ? .portClash : .exited
            }
            if let response = try? await client.execute(
                .get, url: "http://127.0.0.1:\(port)/api/probe/tasks", headers: [:], body: [], timeout: .seconds(30)),
                response.status.code == 401
            {
                return .serving
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return .timedOut
    }

    /// Runs `body` with a stack started over `directory`, stopping it afterwards whatever happens.
    static func with<T>(directory: String, database: String?, _ body: (Stack) async throws -> T) async throws -> T {
        let stack = try await Stack(directory: directory, database: database)
        do {
            let value = try await body(stack)
            await stack.stop()
            return value
        } catch {
            await stack.stop()
            throw error
        }
    }

    /// A development token for `user`, signed with the stack's key.
    func token(_ user: String, admin: Bool = false, lifetime: Int64 = 3600) throws -> String {
        let signer = JWTSigner(secret: Array(try secret("jwt-signing-key").utf8))
        let now = Int64(time(nil))
        return try signer.sign(
            JWTClaims(subject: user, role: admin ? "admin" : nil, issuedAt: now, expiresAt: now + lifetime))
    }

    /// A secret from `<data>/secrets.json`.
    func secret(_ name: String) throws -> String {
        let bytes = try #require(Files.read(directory + "/data/secrets.json"))
        return try #require(try JSONDecoder().decode([String: String].self, from: Data(bytes))[name])
    }

    /// Sends a request to the ingress.
    func send(
        _ method: HTTPMethod, _ path: String, token: String?, json: String? = nil, headers: HTTPHeaders = [:]
    ) async throws -> HTTPResponse {
        var all = headers
        if let token { all["Authorization"] = "Bearer \(token)" }
        if json != nil, all["Content-Type"] == nil { all["Content-Type"] = "application/json" }
        return try await client.execute(
            method, url: "http://127.0.0.1:\(port)\(path)", headers: all, body: Array((json ?? "").utf8),
            timeout: .seconds(30))
    }

    /// The pid of a running function (a child of `todofn up` running that executable), if any.
    func functionPID(_ name: String) -> Int32? {
        Processes.children(of: pid).first { Processes.executableName($0) == name }
    }

    /// Ctrl-C: waits for a clean exit (10 s), then kills.
    func stop() async {
        kill(pid, SIGTERM)
        if await !Processes.waitForExit(pid, within: .seconds(10)) {
            kill(pid, SIGKILL)
            _ = await Processes.waitForExit(pid, within: .seconds(5))
        }
        client.close()
    }

    /// kill -9 of the whole `todofn up` process (runtime, ingress, supervisor), then waits for its functions to
    /// notice and stop.
    func kill9() async {
        let children = Processes.children(of: pid)
        kill(pid, SIGKILL)
        _ = await Processes.waitForExit(pid, within: .seconds(5))
        for child in children { _ = await Processes.waitForGone(child, within: .seconds(5)) }
        client.close()
    }
}

enum StackError: Error { case notServing }
