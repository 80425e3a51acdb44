import Crypto
import EmbeddedSupervisor
import FoundationEssentials
import Glibc
import HTTPServer
import HTTPTypes
import Synchronization
import Testing

/// Records every request and answers 200 with `{"ok":true}`, or the status named by a `/status/<code>` path.
private final class Recorder: HTTPResponder {
    let requests = Mutex<[HTTPRequest]>([])

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        requests.withLock { $0.append(request) }
        if request.path.hasPrefix("/status/"), let code = Int(request.path.dropFirst(8)) {
            return HTTPResponse(status: HTTPStatus(code: code), contentType: "text/plain", text: "status \(code)")
        }
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/json", "X-Probe": "yes"], body: Array(#"{"ok":true}"#.utf8))
    }
}

@Suite("todofn invoke and todofn token, run as processes")
struct TodofnCommandTests {
    private func withRecorder(_ body: (String, Recorder) async throws -> Void) async throws {
        let recorder = Recorder()
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 1
        configuration.handlesSignals = false
        let server = HTTPServer(configuration: configuration, responder: recorder)
        let port = try server.start()
        try await body("http://127.0.0.1:\(port)", recorder)
        server.shutdown()
        try await server.run()
    }

    @Test("invoke against minimal-function started on its own: status and body, -v headers, exit codes")
    func invokeMinimalFunction() async throws {
        let todofn = try TestSupport.product("todofn")
        var configuration = SupervisorConfiguration()
        configuration.logSink = { _, _ in }
        let supervisor = try Supervisor(
            functions: [
                FunctionDefinition(name: "minimal-function", executablePath: try TestSupport.product("minimal-function"))
            ],
            configuration: configuration)
        try supervisor.start()
        let target = "http://127.0.0.1:\(try await supervisor.ensureRunning("minimal-function"))"
        let echo = await CommandRunner.run(todofn, ["invoke", "minimal-function", "--target", target, "--path", "/echo"])
        #expect(echo.status == 0)
        #expect(echo.stdout.hasPrefix("HTTP 200"))
        #expect(echo.stdout.contains(#"{"message":"Hello World"}"#), "func's default data is sent")
        let verbose = await CommandRunner.run(
            todofn,
            [
                "invoke", "minimal-function", "--target", target, "-p", "/echo", "--data", "plain", "--content-type",
                "text/plain", "-v",
            ])
        #expect(verbose.status == 0)
        #expect(verbose.stdout.contains("Content-Type: text/plain"))
        #expect(verbose.stdout.contains("plain"))
        let missing = await CommandRunner.run(todofn, ["invoke", "minimal-function", "--target", target, "--path", "/nope"])
        #expect(missing.status == 1)
        #expect(missing.stdout.hasPrefix("HTTP 404"))
        #expect(missing.stderr.contains("HTTP 404"))
        await supervisor.shutdown()
        let refused = await CommandRunner.run(todofn, ["invoke", "minimal-function", "--target", target])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot reach"))
        let usage = await CommandRunner.run(todofn, ["invoke", "minimal-function", "--format", "xml"])
        #expect(usage.status == 2)
    }

    @Test("--format cloudevent sends a binary-mode CloudEvent with func's defaults and the given attributes")
    func invokeCloudEvent() async throws {
        let todofn = try TestSupport.product("todofn")
        try await withRecorder { base, recorder in
            let defaults = await CommandRunner.run(todofn, ["invoke", "fn", "--target", base, "--format", "cloudevent"])
            #expect(defaults.status == 0)
            let custom = await CommandRunner.run(
                todofn,
                [
                    "invoke", "fn", "--target", base + "/", "-f", "cloudevents", "--type", "dev.todofn.test", "--source",
                    "/tests",
                    "--id", "e-1", "--data", #"{"a":1}"#, "--path", "/events",
                ])
            #expect(custom.status == 0)
            let failing = await CommandRunner.run(
                todofn, ["invoke", "fn", "--target", base, "--format", "cloudevent", "--path", "/status/500"])
            #expect(failing.status == 1)
            let seen = recorder.requests.withLock { $0 }
            try #require(seen.count == 3)
            let first = seen[0]
            #expect(first.method == .post)
            #expect(first.headers["ce-specversion"] == "1.0")
            #expect(first.headers["ce-type"] == "boson.fn")
            #expect(first.headers["ce-source"] == "/boson/fn")
            #expect(UUID(uuidString: first.headers["ce-id"] ?? "") != nil)
            #expect(first.headers["ce-time"]?.hasSuffix("Z") == true)
            #expect(first.headers["Content-Type"] == "application/json")
            #expect(String(decoding: first.body, as: UTF8.self) == #"{"message":"Hello World"}"#)
            let second = seen[1]
            #expect(second.target == "/events")
            #expect(second.headers["ce-type"] == "dev.todofn.test")
            #expect(second.headers["ce-source"] == "/tests")
            #expect(second.headers["ce-id"] == "e-1")
            #expect(String(decoding: second.body, as: UTF8.self) == #"{"a":1}"#)
        }
    }

    @Test("token prints a JWT that verifies with the key written to secrets.json (0600)")
    func tokenVerifies() async throws {
        let todofn = try TestSupport.product("todofn")
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(directory) }
        let result = await CommandRunner.run(todofn, ["token", "bob", "--admin", "--ttl", "2h", "--data-dir", directory])
        #expect(result.status == 0)
        let token = result.stdout.filter { !$0.isWhitespace }
        var info = stat()
        #expect(stat(directory + "/secrets.json", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let fd = open(directory + "/secrets.json", O_RDONLY)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &buffer, buffer.count)
        close(fd)
        let secrets = try JSONDecoder().decode([String: String].self, from: Data(buffer[0..<max(0, count)]))
        let key = try #require(secrets["jwt-signing-key"])
        let claims = try JWTSigner(secret: Array(key.utf8)).verify(token, now: Int64(time(nil)))
        #expect(claims.subject == "bob")
        #expect(claims.isAdmin)
        #expect((claims.expiresAt ?? 0) - (claims.issuedAt ?? 0) == 7200)
        let again = await CommandRunner.run(todofn, ["token", "carol", "--data-dir", directory])
        #expect(
            try JWTSigner(secret: Array(key.utf8)).verify(again.stdout.filter { !$0.isWhitespace }, now: Int64(time(nil))).subject
                == "carol", "the key is reused")
        let bad = await CommandRunner.run(todofn, ["token", "dave", "--ttl", "soon", "--data-dir", directory])
        #expect(bad.status == 2)
    }

    @Test("token --dapr prints the Dapr API token kept in secrets.json, the same each time")
    func daprToken() async throws {
        let todofn = try TestSupport.product("todofn")
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(directory) }
        let first = await CommandRunner.run(todofn, ["token", "--dapr", "--data-dir", directory])
        #expect(first.status == 0)
        let token = first.stdout.filter { !$0.isWhitespace }
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
        let fd = open(directory + "/secrets.json", O_RDONLY)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &buffer, buffer.count)
        close(fd)
        let secrets = try JSONDecoder().decode([String: String].self, from: Data(buffer[0..<max(0, count)]))
        #expect(secrets["dapr-api-token"] == token)
        let again = await CommandRunner.run(todofn, ["token", "--dapr", "--data-dir", directory])
        #expect(again.stdout.filter { !$0.isWhitespace } == token)
        #expect(await CommandRunner.run(todofn, ["token", "--dapr", "bob", "--data-dir", directory]).status == 2)
    }
}
