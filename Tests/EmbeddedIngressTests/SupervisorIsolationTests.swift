import EmbeddedSupervisor
import HTTPTypes
import Synchronization
import Testing

/// Each function's channel has transfer slots of its own: requests that hang in one function never hold the
/// requests to another (the `make chaos` stall, where job triggers into reminder-fire held every slot of one
/// shared client and deliveries to audit-log waited behind them until they were dead-lettered).
@Suite("Supervisor keeps each function's requests apart")
struct SupervisorIsolationTests {
    /// A function that answers its readiness probe and holds every other request for ten minutes.
    private static let holdingServer = """
        import http.server, os, time
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/health/readiness":
                    time.sleep(600)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *arguments):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
        """

    private final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .relaxed) }
        func set() { value.store(true, ordering: .relaxed) }
    }

    @Test("a function whose requests hang holds every slot of its own, and another function still answers at once")
    func hangingFunctionDoesNotHoldAnother() async throws {
        var configuration = SupervisorConfiguration()
        configuration.idleTimeout = nil
        configuration.connectionPoolSize = 2
        configuration.requestTimeout = .seconds(60)
        // Generous: a start on a busy machine may be slow; the test waits for readiness, not for a window.
        configuration.readinessTimeout = .seconds(120)
        configuration.logSink = LineCollector().sink
        let supervisor = try Supervisor(
            functions: [
                FunctionDefinition(
                    name: "holding", executablePath: "/usr/bin/env", arguments: ["python3", "-c", Self.holdingServer]),
                FunctionDefinition(name: "minimal-function", executablePath: try TestSupport.product("minimal-function")),
            ],
            configuration: configuration)
        try supervisor.start()
        try await supervisor.ensureRunning("holding")
        try await supervisor.ensureRunning("minimal-function")

        // Three requests hang in `holding`: two hold its two slots, the third waits for one.
        let held = Flag()
        let holders = (0..<3).map { _ in
            Task {
                defer { held.set() }
                _ = try? await supervisor.forward("holding", HTTPRequest(method: .get, target: "/hold"))
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while (supervisor.status("holding")?.inFlight ?? 0) < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(supervisor.status("holding")?.inFlight == 3)

        let response = try await supervisor.forward("minimal-function", HTTPRequest(method: .get, target: "/"))
        #expect(response.status.code == 200)
        #expect(!held.isSet, "answered while every request to the holding function still hangs")

        for holder in holders { holder.cancel() }
        await supervisor.shutdown()
        for holder in holders { await holder.value }
    }
}
