import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Synchronization
import Testing

/// Services run as long as the server: started with it, stopped (not cancelled) after it, awaited before `run`
/// returns; a failing service shuts the server down and `run` throws.
@Suite struct FunctionServiceTests {
    @Test("a service starts with the server, is asked to stop after the server stopped, and is awaited")
    func lifecycle() async throws {
        let transport = InProcessTransport()
        let service = RecordingService()
        let logs = TestLogHandler()
        async let serving: Void = FunctionServer.run(
            ClosureFunction { _, _ in HTTPResponse(status: .ok) }, configuration: Configuration(), transport: transport,
            services: [service], logHandler: logs)
        #expect(try await transport.execute(HTTPRequest(method: .get, target: "/health/readiness")).status == .ok)
        await service.started.wait()
        transport.shutdown()
        try await serving
        #expect(service.events == ["run", "stop", "drained"], "stopped once, after the server, then awaited")
        #expect(!service.wasCancelled, "stopping is a request, not cancellation")
    }

    @Test("a service that throws shuts the server down; run throws FunctionServiceFailure and logs it")
    func failingService() async throws {
        let transport = InProcessTransport()
        let logs = TestLogHandler()
        let other = RecordingService()
        await #expect(throws: FunctionServiceFailure.self) {
            try await FunctionServer.run(
                ClosureFunction { _, _ in HTTPResponse(status: .ok) }, configuration: Configuration(),
                transport: transport, services: [FailingService(), other], logHandler: logs)
        }
        await #expect(throws: InProcessTransport.ShutDown.self) {
            try await transport.execute(HTTPRequest(method: .get, target: "/"))
        }
        #expect(other.events.last == "drained", "the other services are drained too")
        #expect(logs.records.contains { $0.level == .critical && $0.message == "Service failed" })
    }

    @Test("a service that returns before it was asked to stop is a failure too")
    func serviceReturningEarly() async throws {
        let transport = InProcessTransport()
        let logs = TestLogHandler()
        await #expect(throws: FunctionServiceFailure.self) {
            try await FunctionServer.run(
                ClosureFunction { _, _ in HTTPResponse(status: .ok) }, configuration: Configuration(),
                transport: transport, services: [ReturningService()], logHandler: logs)
        }
    }
}

/// Runs until stopped; records what happened in order.
final class RecordingService: FunctionService {
    let serviceName = "recording"
    let started = Gate()
    private let stopped = Gate()
    private let state = Mutex<(events: [String], cancelled: Bool)>(([], false))

    var events: [String] { state.withLock { $0.events } }
    var wasCancelled: Bool { state.withLock { $0.cancelled } }

    func run(logger: Logger) async throws {
        state.withLock { $0.events.append("run") }
        started.open()
        await stopped.wait()
        state.withLock {
            $0.cancelled = Task.isCancelled
            $0.events.append("drained")
        }
    }

    func stop() {
        state.withLock { $0.events.append("stop") }
        stopped.open()
    }
}

/// Throws as soon as it runs.
struct FailingService: FunctionService {
    struct Broken: Error {}
    let serviceName = "failing"
    func run(logger: Logger) async throws { throw Broken() }
    func stop() {}
}

/// Returns as soon as it runs, without being asked to stop.
struct ReturningService: FunctionService {
    let serviceName = "returning"
    func run(logger: Logger) async throws {}
    func stop() {}
}

/// A one-shot gate: `wait` returns once `open` was called (before or after).
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.open { state.waiters.append(continuation) }
                return state.open
            }
            if isOpen { continuation.resume() }
        }
    }
}
