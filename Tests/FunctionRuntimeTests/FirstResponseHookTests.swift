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
        var served = false
        try await LoopbackServer.with(
            ClosureFunction { _, _ in HTTPResponse(status: .ok) }, onFirstResponse: { calls.add() }
        ) { base, client in
            served = true
            #expect(calls.value == 0, "listening is not the first answer")

            let ready = try await client.execute(.get, url: "\(base)/health/readiness")
            #expect(ready.status == .ok)
            let deadline = ContinuousClock.now + .seconds(30)
            while calls.value == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(calls.value == 1)
            for _ in 0..<5 { _ = try await client.execute(.get, url: "\(base)/anything") }
            // The hook is a detached task started with the first answer: anything it would do again would have been
            // started by now, with the later answers.
            #expect(calls.value == 1)
        }
        #expect(served)
    }
}
