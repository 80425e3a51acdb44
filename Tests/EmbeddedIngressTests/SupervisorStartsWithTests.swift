import EmbeddedSupervisor
import Glibc
import HTTPTypes
import Testing

@Suite("Supervisor starts a function's companions with it")
struct SupervisorStartsWithTests {
    @Test("starting a function from zero starts the functions it names beside it, without waiting for them")
    func companionsStartTogether() async throws {
        var configuration = SupervisorConfiguration()
        configuration.logSink = { _, _ in }
        var first = FunctionDefinition(name: "first", executablePath: try TestSupport.product("minimal-function"))
        first.startsWith = ["companion", "missing"]
        let companion = FunctionDefinition(name: "companion", executablePath: try TestSupport.product("minimal-function"))
        let other = FunctionDefinition(name: "other", executablePath: try TestSupport.product("minimal-function"))
        let supervisor = try Supervisor(functions: [first, companion, other], configuration: configuration)
        try supervisor.start()
        let response = try await supervisor.forward("first", HTTPRequest(method: .get, target: "/health/readiness"))
        #expect(response.status.code == 200)
        #expect(
            await TestSupport.eventually(within: .seconds(30)) { supervisor.status("companion")?.isReady == true },
            "the companion became ready with no request of its own")
        #expect(supervisor.status("companion")?.starts == 1)
        #expect(supervisor.status("other")?.pid == nil, "a function that is not named stays at zero")
        // Already running: a second start of `first` (after it stopped) does not start the companion again.
        await supervisor.stop("first")
        _ = try await supervisor.forward("first", HTTPRequest(method: .get, target: "/health/readiness"))
        #expect(supervisor.status("companion")?.starts == 1, "a running companion is not started twice")
        await supervisor.shutdown()
    }
}
