import EmbeddedIngress
import EmbeddedRuntime
import EmbeddedSupervisor
import FoundationEssentials
import Glibc
import HTTPTypes
import Synchronization
import Testing
import WorkerThreads

/// ws-gateway as it runs: two replicas and ws-fanout (real processes, started by the supervisor) over the real
/// embedded Dapr runtime with the repository's `dapr/` components, and the ingress in front of the first;
/// `gateway_checks.py` drives them with the Python `websockets` client and raw sockets, mostly writing the history and
/// pushing as ws-fanout would (to control seqs), and at the end publishing real events through ws-fanout.
@Suite("ws-gateway: two replicas, the embedded runtime and the ingress, checked by a Python websockets client")
struct WsGatewayTests {
    static let repository = String(#filePath.split(separator: "/Tests/", maxSplits: 1)[0])

    @Test(
        "auth before the upgrade, live order, replay and resync, presence on two replicas, RFC 6455 bad input, slow consumers, 1,000 dropped connections, expiry"
    )
    func gatewayFromOutside() async throws {
        // Ports are picked free and bound a moment later: another test can take one in between (seen once in a full
        // parallel run, "Address already in use"). Such a run is started again on fresh ports, up to 3 times.
        for attempt in 1...3 {
            do {
                try await checkGateway()
                return
            } catch  where attempt < 3 && String(describing: error).contains("bindFailed") {
                continue
            }
        }
    }

    private func checkGateway() async throws {
        try #require(system("python3 -c 'import websockets' 2>/dev/null") == 0, "needs the websockets package (make deps)")
        let executable = FunctionDefinition.executableDirectory + "/ws-gateway"
        for product in ["ws-gateway", "ws-fanout"] {
            let path = FunctionDefinition.executableDirectory + "/" + product
            try #require(access(path, X_OK) == 0, "\(path) is missing: run `swift build` before `swift test`")
        }
        let directory = "/tmp/ws-gateway-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(directory, 0o700)
        defer { _ = system("rm -rf '\(directory)'") }
        _ = FileManager.default.createFile(
            atPath: directory + "/secrets.json", contents: Data(#"{"redis":{"redis-password":"dev"}}"#.utf8))
        // Each app's Dapr API port is picked first: the supervisor's rows need it, and the runtime needs the
        // supervisor's channel (it asks ws-fanout for its subscriptions and delivers to it).
        // task-crud has an API port only: the checks publish task events through it, the one app the pub/sub
        // component's publishingScopes lets publish `task-events` (ws-fanout may publish nothing).
        let apiPorts = try ["ws-gateway": FreePort.pick(), "ws-fanout": FreePort.pick(), "task-crud": FreePort.pick()]
        let appToken = "app-token-\(UInt64.random(in: 0...UInt64.max))"
        let key = "key-\(UInt64.random(in: 0...UInt64.max))"
        let environment = [
            "DAPR_HTTP_PORT": String(apiPorts["ws-gateway"]!), "APP_API_TOKEN": appToken,
            "JWT_SIGNING_KEY": key, "WS_PING_INTERVAL_SECONDS": "5", "LOG_LEVEL": "error",
            // How long a slow consumer's close frame may wait to be read: generous, for a busy machine.
            "HEADER_TIMEOUT": "60s",
        ]
        var configuration = SupervisorConfiguration()
        let lines = Mutex<[String]>([])
        configuration.logSink = { name, line in lines.withLock { $0.append("[\(name)] \(line)") } }
        // Replica A pings idle connections every second (the idle checks); B every 30 s, so its slow-consumer check
        // sees the queue overflow and not the missing pongs of a client that reads nothing.
        var definitions = ["ws-gateway", "ws-gateway-b"].map { name in
            var replicaEnvironment = environment
            if name == "ws-gateway-b" { replicaEnvironment["WS_PING_INTERVAL_SECONDS"] = "30" }
            var definition = FunctionDefinition(name: name, executablePath: executable, environment: replicaEnvironment)
            definition.minScale = 1
            return definition
        }
        definitions.append(
            FunctionDefinition(
                name: "ws-fanout", executablePath: FunctionDefinition.executableDirectory + "/ws-fanout",
                environment: [
                    "DAPR_HTTP_PORT": String(apiPorts["ws-fanout"]!), "APP_API_TOKEN": appToken, "LOG_LEVEL": "info",
                ]))
        let supervisor = try Supervisor(functions: definitions, configuration: configuration)
        try supervisor.start()
        // Ready before the runtime asks it for its subscriptions (a busy machine could make that first start slow).
        try await supervisor.ensureRunning("ws-fanout")
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory, resourcesDirectory: Self.repository + "/dapr",
                apps: apiPorts.map { .init(appID: $0.key, apiPort: $0.value) }, appChannel: supervisor.channel(),
                // Other suites in this test process may briefly use up its descriptors (10,000 sockets): deliveries
                // that fail then are retried for long enough instead of going to the dead letters after 5 tries.
                delivery: DeliveryPolicy(maxAttempts: 200, maxBackoff: .milliseconds(500))),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
        #expect(runtime.subscriptions.count >= 3, "ws-fanout's three subscriptions were discovered")
        var ingressConfiguration = IngressConfiguration()
        ingressConfiguration.port = 0
        ingressConfiguration.workerCount = 1
        let ingress = Ingress(supervisor: supervisor, configuration: ingressConfiguration)
        do {
            let ingressPort = try ingress.start()
            var described: [String] = []
            for name in ["ws-gateway", "ws-gateway-b"] {
                let port = try await supervisor.ensureRunning(name)
                let pid = try #require(supervisor.status(name)?.pid)
                described.append(#"{"url":"http://127.0.0.1:\#(port)","pid":\#(pid)}"#)
            }
            let arguments =
                #"{"replicas":[\#(described.joined(separator: ","))],"ingressPort":\#(ingressPort),"#
                + #""fanoutDaprPort":\#(apiPorts["ws-fanout"]!),"publishDaprPort":\#(apiPorts["task-crud"]!),"#
                + #""appToken":"\#(appToken)","jwtKey":"\#(key)"}"#
            let script = Self.repository + "/Tests/WsGatewayTests/gateway_checks.py"
            let output = directory + "/checks.log"
            // On a thread of its own: `system` blocks for the whole run, and a cooperative thread blocked that long
            // starves this process (the pool has one thread per core, two on CI); with one more blocked by another
            // suite (HTTPServerShutdownTests' runBlocking), the runtime's deliveries stopped until the checks gave up.
            let status = try await WorkerThread(name: "gateway-checks").run {
                system("python3 '\(script)' '\(arguments)' > '\(output)' 2>&1")
            }
            let log = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            #expect(
                status == 0, "gateway_checks.py:\n\(log)\nfunctions:\n\(lines.withLock { $0.suffix(40).joined(separator: "\n") })"
            )
            #expect(log.contains(" 0 failed") || log.hasPrefix("0 failed") || log.contains("\n0 failed"))
        } catch {
            Issue.record(error)
        }
        ingress.shutdown()
        await ingress.wait()
        await supervisor.shutdown()
        await runtime.stop()
    }
}
