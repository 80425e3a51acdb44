import EmbeddedSupervisor
import Glibc
import HTTPTypes
import Testing

@Suite("Supervisor keeps a function with a min-scale running")
struct SupervisorMinScaleTests {
    @Test("min-scale 1: started with the stack, never stopped as idle, restarted at once after a kill")
    func alwaysUp() async throws {
        var configuration = SupervisorConfiguration()
        configuration.idleTimeout = .milliseconds(100)
        configuration.stopGracePeriod = .seconds(2)
        configuration.restartBackoff = .milliseconds(10)
        configuration.logSink = { _, _ in }
        var always = FunctionDefinition(name: "always", executablePath: try TestSupport.product("minimal-function"))
        always.minScale = 1
        let idle = FunctionDefinition(name: "on-demand", executablePath: try TestSupport.product("minimal-function"))
        let supervisor = try Supervisor(functions: [always, idle], configuration: configuration)
        try supervisor.start()
        supervisor.startAlwaysUp()
        #expect(
            await TestSupport.eventually(within: .seconds(30)) { supervisor.status("always")?.isReady == true },
            "started without a request")
        #expect(supervisor.status("on-demand")?.pid == nil, "min-scale 0 waits for its first request")
        _ = try await supervisor.forward("on-demand", HTTPRequest(method: .get, target: "/"))
        let pid = try #require(supervisor.status("always")?.pid)
        #expect(
            await TestSupport.eventually(within: .seconds(30)) { supervisor.status("on-demand")?.pid == nil },
            "the other function is stopped as idle meanwhile")
        #expect(supervisor.status("always")?.pid == pid, "the always-up one is not")
        kill(pid, SIGKILL)
        #expect(
            await TestSupport.eventually(within: .seconds(30)) {
                supervisor.status("always")?.isReady == true && supervisor.status("always")?.pid != pid
            }, "restarted without waiting for a request")
        await supervisor.shutdown()
    }
}
