import HTTPClient
import HTTPTypes
import Synchronization
import Testing

/// A request's timeout counts from the call: the time it waits for a transfer slot is bounded too.
@Suite("HTTPClient bounds the wait for a transfer slot")
struct HTTPClientQueueTimeoutTests {
    private final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .relaxed) }
        func set() { value.store(true, ordering: .relaxed) }
    }

    /// A loopback server and a client with one transfer slot, both closed after `body`.
    private func withOneSlot(_ body: (LoopbackServer, HTTPClient) async throws -> Void) async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 1
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
        }
        try await body(server, client)
    }

    @Test("a request queued behind a slow one fails with timeout while the slow one still runs")
    func queuedRequestTimesOut() async throws {
        try await withOneSlot { server, client in
            let slowDone = Flag()
            let slow = Task {
                defer { slowDone.set() }
                return try await client.execute(.get, url: server.url("/slow?ms=120000"), timeout: .seconds(180))
            }
            // The slow request holds the only slot once the server has its connection.
            let deadline = ContinuousClock.now + .seconds(60)
            while server.acceptedConnections < 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(server.acceptedConnections == 1)

            let queued = await #expect(throws: HTTPClientError.self) {
                try await client.execute(.get, url: server.url("/echo"), timeout: .milliseconds(300))
            }
            #expect(queued?.code == .timeout, "\(String(describing: queued))")
            // The queued request gave up on its own: it did not wait for the slot to come free (the old behaviour).
            #expect(!slowDone.isSet, "the slow request is still running")
            #expect(server.answeredRequests == 0, "the queued request never reached the server")

            slow.cancel()
            _ = await slow.result
            // The slot is free again: the next request runs normally.
            #expect(try await client.execute(.get, url: server.url("/echo")).status == .ok)
        }
    }

    @Test("requests queued with room to spare in their timeout still run, in order")
    func queuedWithinTimeoutRun() async throws {
        try await withOneSlot { server, client in
            let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await client.execute(.get, url: server.url("/slow?ms=5"), timeout: .seconds(120)).status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(codes == Array(repeating: 200, count: 20))
        }
    }
}
