import EmbeddedSupervisor
import Glibc
import HTTPTypes
import Synchronization
import Testing

@Suite("Supervisor runs functions on demand")
struct SupervisorTests {
    private func makeSupervisor(
        executable: String? = nil, idle: Duration? = nil, collector: LineCollector = LineCollector()
    ) throws -> Supervisor {
        var configuration = SupervisorConfiguration()
        configuration.idleTimeout = idle
        configuration.stopGracePeriod = .seconds(2)
        configuration.restartBackoff = .milliseconds(10)
        // Generous: a start on a busy machine may be slow; the tests wait for readiness, not for a window.
        configuration.readinessTimeout = .seconds(120)
        configuration.logSink = collector.sink
        let path = try executable ?? TestSupport.product("minimal-function")
        let supervisor = try Supervisor(
            functions: [FunctionDefinition(name: "minimal-function", executablePath: path, environment: ["LOG_LEVEL": "info"])],
            configuration: configuration)
        try supervisor.start()
        return supervisor
    }

    @Test("nothing runs until the first request, which starts the function and gets its answer")
    func coldStartOnFirstRequest() async throws {
        let supervisor = try makeSupervisor()
        #expect(supervisor.status("minimal-function")?.pid == nil)
        let response = try await supervisor.forward("minimal-function", HTTPRequest(method: .get, target: "/"))
        #expect(response.status.code == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "ok")
        let second = try await supervisor.forward(
            "minimal-function",
            HTTPRequest(method: .post, target: "/echo", headers: ["Content-Type": "text/plain"], body: Array("hi".utf8)))
        #expect(String(decoding: second.body, as: UTF8.self) == "hi")
        #expect(supervisor.status("minimal-function")?.starts == 1)
        let pid = try #require(supervisor.status("minimal-function")?.pid)
        await supervisor.shutdown()
        #expect(kill(pid, 0) != 0 && errno == ESRCH, "the child is reaped after shutdown")
    }

    @Test("concurrent first requests share one start")
    func concurrentColdStartsSpawnOnce() async throws {
        let supervisor = try makeSupervisor()
        let codes = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await supervisor.forward("minimal-function", HTTPRequest(method: .get, target: "/")).status.code
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(codes == Array(repeating: 200, count: 12))
        #expect(supervisor.status("minimal-function")?.starts == 1)
        await supervisor.shutdown()
    }

    @Test("an idle function is stopped and started again by the next request")
    func idleFunctionStops() async throws {
        let collector = LineCollector()
        let supervisor = try makeSupervisor(idle: .milliseconds(150), collector: collector)
        _ = try await supervisor.forward("minimal-function", HTTPRequest(method: .get, target: "/"))
        let pid = try #require(supervisor.status("minimal-function")?.pid)
        #expect(await TestSupport.eventually { supervisor.status("minimal-function")?.pid == nil })
        #expect(await TestSupport.eventually { kill(pid, 0) != 0 }, "the idle process exits and is reaped")
        #expect(collector.all.contains { $0.hasPrefix("[minimal-function] idle for") })
        let again = try await supervisor.forward("minimal-function", HTTPRequest(method: .get, target: "/"))
        #expect(again.status.code == 200)
        #expect(supervisor.status("minimal-function")?.starts == 2)
        await supervisor.shutdown()
    }

    @Test("a function killed with SIGKILL is restarted by the next request")
    func crashedFunctionRestarts() async throws {
        let collector = LineCollector()
        let supervisor = try makeSupervisor(collector: collector)
        _ = try await supervisor.forward("minimal-function", HTTPRequest(method: .get, target: "/"))
        let pid = try #require(supervisor.status("minimal-function")?.pid)
        kill(pid, SIGKILL)
        #expect(await TestSupport.eventually { supervisor.status("minimal-function")?.pid == nil })
        #expect(supervisor.status("minimal-function")?.consecutiveCrashes == 1)
        #expect(collector.all.contains { $0.contains("exited unexpectedly (status 137)") })
        let response = try await supervisor.forward("minimal-function", HTTPRequest(method: .get, target: "/"))
        #expect(response.status.code == 200)
        let status = try #require(supervisor.status("minimal-function"))
        #expect(status.starts == 2)
        #expect(status.pid != pid)
        await supervisor.shutdown()
    }

    @Test("stdout and stderr lines are re-printed with the function's prefix, partial lines included")
    func logLinesArePrefixed() async throws {
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(directory) }
        let minimal = try TestSupport.product("minimal-function")
        let script = directory + "/noisy"
        TestSupport.write(
            "#!/bin/sh\necho 'first line'\nprintf 'to stderr\\n' >&2\nprintf 'no newline'\nexec '\(minimal)'\n",
            to: script, mode: 0o755)
        let collector = LineCollector()
        let supervisor = try makeSupervisor(executable: script, collector: collector)
        try await supervisor.ensureRunning("minimal-function")
        #expect(await TestSupport.eventually { collector.all.contains("[minimal-function] to stderr") })
        #expect(collector.all.contains("[minimal-function] first line"))
        await supervisor.shutdown()
        #expect(collector.all.contains { $0.hasPrefix("[minimal-function] no newline") })
    }

    @Test("a missing executable or an unknown name is refused without spawning")
    func missingExecutable() async throws {
        let supervisor = try makeSupervisor(executable: "/nonexistent/task-crud")
        await #expect(throws: SupervisorError.self) { try await supervisor.ensureRunning("minimal-function") }
        do {
            try await supervisor.ensureRunning("minimal-function")
        } catch {
            #expect(error.code == .notBuilt)
        }
        do {
            try await supervisor.ensureRunning("nope")
        } catch {
            #expect(error.code == .unknownFunction)
        }
        #expect(supervisor.status("minimal-function")?.starts == 0)
        await supervisor.shutdown()
    }

    @Test("a function that exits at once fails the caller with notReady instead of hanging")
    func exitDuringStart() async throws {
        let supervisor = try makeSupervisor(executable: "/bin/false")
        let started = ContinuousClock.now
        do {
            try await supervisor.ensureRunning("minimal-function")
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .notReady)
        }
        // Hanging would mean the 120 s readiness timeout; the bound stays far from it so a loaded machine passes.
        #expect(ContinuousClock.now - started < .seconds(60))
        await supervisor.shutdown()
    }

    @Test("a function that crashes at start is restarted with exponential backoff")
    func restartBackoffGrows() async throws {
        var configuration = SupervisorConfiguration()
        configuration.restartBackoff = .milliseconds(100)
        let crashes = Mutex<[ContinuousClock.Instant]>([])
        configuration.logSink = { _, line in
            if line.hasPrefix("exited unexpectedly") { crashes.withLock { $0.append(.now) } }
        }
        let supervisor = try Supervisor(
            functions: [FunctionDefinition(name: "flaky", executablePath: "/bin/false")], configuration: configuration)
        try supervisor.start()
        // Each call starts it twice (an exit while starting is retried once, in case the port was taken).
        for _ in 0..<2 {
            await #expect(throws: SupervisorError.self) { try await supervisor.ensureRunning("flaky") }
        }
        // The backoff counts from each crash (as the supervisor noticed it), so compare those moments.
        let times = crashes.withLock { $0 }
        try #require(times.count == 4)
        #expect(times[1] - times[0] >= .milliseconds(95), "the second start waits the base backoff")
        #expect(times[2] - times[1] >= .milliseconds(195), "the third waits twice as long")
        #expect(times[3] - times[2] >= .milliseconds(395), "the fourth twice as long again")
        #expect(supervisor.status("flaky")?.consecutiveCrashes == 4)
        await supervisor.shutdown()
    }

    @Test("a function that never becomes ready fails after the readiness timeout and is killed")
    func readinessTimeout() async throws {
        var configuration = SupervisorConfiguration()
        configuration.readinessTimeout = .milliseconds(300)
        configuration.logSink = { _, _ in }
        let supervisor = try Supervisor(
            functions: [FunctionDefinition(name: "sleepy", executablePath: "/bin/sleep", arguments: ["300"])],
            configuration: configuration)
        try supervisor.start()
        let started = ContinuousClock.now
        do {
            try await supervisor.ensureRunning("sleepy")
            Issue.record("expected a readiness timeout")
        } catch {
            #expect(error.code == .notReady)
            #expect(error.message.contains("did not become ready"))
        }
        #expect(ContinuousClock.now - started < .seconds(60), "the 300 ms timeout, not the child's 300 s sleep")
        #expect(supervisor.status("sleepy")?.pid == nil)
        await supervisor.shutdown()
    }
}
