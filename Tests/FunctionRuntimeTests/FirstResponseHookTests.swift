import FunctionRuntime
import FunctionTesting
import HTTPClient
import HTTPTypes
import Synchronization
import Testing

/// `HTTPServerTransport(onFirstResponse:)` over a real socket: the hook runs once, after the first answer (a
/// function loads libcurl there, off its cold start), never before a request and never twice.
@Suite struct FirstResponseHookTests {
    final class Counter: Sendable {
        private let count = Atomic<Int>(0)
        func add() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    @Test("the hook runs once, only after the first request was answered")
    func runsOnceAfterTheFirstAnswer() async throws {
        let calls = Counter()
        var configuration = Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 1
        let settings = configuration
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let client = HTTPClient()
        defer { client.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await FunctionServer.run(
                    ClosureFunction { _, _ in HTTPResponse(status: .ok) }, configuration: settings,
                    transport: HTTPServerTransport(
                        handlesSignals: false, onListening: { portSink.yield($0) },
                        onFirstResponse: { calls.add() }),
                    logHandler: TestLogHandler())
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(calls.value == 0, "listening is not the first answer")

            let ready = try await client.execute(.get, url: "http://127.0.0.1:\(port)/health/readiness")
            #expect(ready.status == .ok)
            let deadline = ContinuousClock.now + .seconds(30)
            while calls.value == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(calls.value == 1)
            for _ in 0..<5 { _ = try await client.execute(.get, url: "http://127.0.0.1:\(port)/anything") }
            // The hook is a detached task started with the first answer: anything it would do again would have been
            // started by now, with the later answers.
            #expect(calls.value == 1)
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}
