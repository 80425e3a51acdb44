import EmbeddedIngress
import EmbeddedSupervisor
import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Testing

/// A small function in Python (the system's `/usr/bin/python3`): `/headers` answers with the request's headers
/// as JSON, `/crash` exits without answering.
private let probeFunction = """
    #!/usr/bin/python3
    import http.server, json, os
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/crash":
                os._exit(3)
            body = b"ok" if self.path == "/health/readiness" else json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Keep-Alive", "timeout=5")
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *args):
            pass
    http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()

    """

@Suite("Forwarding through the ingress and the supervisor's channel")
struct ForwardingTests {
    @Test(
        "headers: X-Forwarded-* and the ingress marker added, no dapr-api-token (a client's is dropped), hop-by-hop dropped both ways; only the runtime's channel adds the app token; a mid-request exit is 502"
    )
    func headersAndMidRequestFailure() async throws {
        try #require(access("/usr/bin/python3", X_OK) == 0, "needs /usr/bin/python3")
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(directory) }
        TestSupport.write(probeFunction, to: directory + "/probe", mode: 0o755)
        var configuration = SupervisorConfiguration()
        configuration.logSink = { _, _ in }
        configuration.restartBackoff = .milliseconds(1)
        let supervisor = try Supervisor(
            functions: [
                FunctionDefinition(
                    name: "probe", executablePath: directory + "/probe", environment: ["APP_API_TOKEN": "app-secret"])
            ],
            configuration: configuration)
        try supervisor.start()
        var ingressConfiguration = IngressConfiguration()
        ingressConfiguration.port = 0
        ingressConfiguration.workerCount = 1
        ingressConfiguration.routes = IngressRoutes(
            routes: [.init(path: "/", matchesSubpaths: true, destination: .function("probe"))])
        let ingress = Ingress(supervisor: supervisor, configuration: ingressConfiguration)
        let base = "http://127.0.0.1:\(try ingress.start())"
        let client = HTTPClient()
        defer { client.close() }

        let response = try await client.execute(
            .get, url: base + "/headers",
            headers: [
                "X-Forwarded-For": "10.0.0.9", "TE": "trailers", "X-Custom": "kept", "dapr-api-token": "guess",
                "todofn-ingress": "forged", "dapr-caller-app-id": "task-crud",
            ])
        #expect(response.status.code == 200)
        let seen = try JSONDecoder().decode([String: String].self, from: Data(response.body))
        #expect(seen["dapr-api-token"] == nil)
        #expect(seen["dapr-caller-app-id"] == nil)
        #expect(seen["todofn-ingress"] == "1")
        #expect(seen["x-forwarded-for"] == "10.0.0.9, 127.0.0.1")
        #expect(seen["x-forwarded-proto"] == "http")
        #expect(seen["x-custom"] == "kept")
        #expect(seen["te"] == nil)
        #expect(response.headers["Keep-Alive"] == nil)

        let viaChannel = try await supervisor.channel()("probe", HTTPRequest(method: .get, target: "/headers"))
        #expect(String(decoding: viaChannel.body, as: UTF8.self).contains("app-secret"))
        let forwardedDirectly = try await supervisor.forward(
            "probe", HTTPRequest(method: .get, target: "/headers", headers: ["dapr-api-token": "guess"]))
        #expect(!String(decoding: forwardedDirectly.body, as: UTF8.self).contains("dapr-api-token"))

        let crashed = try await client.execute(.get, url: base + "/crash")
        #expect(crashed.status.code == 502)
        let crashedText = String(decoding: crashed.body, as: UTF8.self)
        #expect(crashedText.contains("probe"))
        // Never libcurl's own words (its messages name the library's view, e.g. "Empty reply from server").
        #expect(!crashedText.lowercased().contains("reply") && !crashedText.contains("curl"))
        // A request racing the dying process may still reach its closing socket: wait until the exit is noticed.
        #expect(await TestSupport.eventually { supervisor.status("probe")?.consecutiveCrashes == 1 })
        let recovered = try await client.execute(.get, url: base + "/headers")
        #expect(recovered.status.code == 200, "\(String(decoding: recovered.body, as: UTF8.self))")
        #expect(supervisor.status("probe")?.starts == 2)

        ingress.shutdown()
        await ingress.wait()
        await supervisor.shutdown()
    }
}
