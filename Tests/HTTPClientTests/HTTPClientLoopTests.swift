import HTTPClient
import HTTPTypes
import Synchronization
import Testing

/// The client's single transfer thread: many transfers at once, queueing, aborts and shutdown.
@Suite("HTTPClient's transfer loop")
struct HTTPClientLoopTests {
    private final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        var count: Int { value.load(ordering: .relaxed) }
        func increment() { value.add(1, ordering: .relaxed) }
    }

    @Test("answers 200 concurrent requests over at most 2 connections, each with its own body")
    func manyOverFewConnections() async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 2
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
        }
        let url = server.url("/echo")
        // Bodies from 0 B to ~20 KiB (cheap to build in a debug build, so that this test does not hog the shared
        // cooperative pool): small ones go in one write, bigger ones take several rounds of the loop.
        let mismatched = try await withThrowingTaskGroup(of: Int?.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let body = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: index * 331 % 20_000)
                    let response = try await client.execute(
                        .post, url: url, headers: ["X-Test-Index": "\(index)"], body: body)
                    let matches = response.body == body && response.headers["x-test-index"] == "\(index)"
                    return matches ? nil : index
                }
            }
            return try await group.compactMap { $0 }.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(mismatched.isEmpty)
        // Finished transfers hand their connection to the next: never more connections than transfers at once.
        #expect((1...2).contains(server.acceptedConnections))
    }

    @Test("cancelling a running transfer aborts it at once while the others on the loop carry on")
    func abortRunning() async throws {
        let server = try LoopbackServer()
        let client = HTTPClient()
        defer {
            client.close()
            server.stop()
        }
        let slow = server.url("/slow?ms=60000")
        let other = Task { try await client.execute(.get, url: server.url("/slow?ms=400")) }
        let cancelled = Task { try await client.execute(.get, url: slow) }
        try await Task.sleep(for: .milliseconds(150))
        let start = ContinuousClock.now
        cancelled.cancel()
        let result = await cancelled.result
        #expect(throws: CancellationError.self) { try result.get() }
        // Far below the 60 s answer, however loaded the machine.
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(try await other.value.body == Array("slow".utf8))
        #expect(try await client.execute(.get, url: server.url("/echo")).status == .ok)
    }

    @Test("close() runs the queued requests to the end, then refuses new ones")
    func closeWithQueue() async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 1
        let client = HTTPClient(configuration: configuration)
        defer { server.stop() }
        let calling = Counter()
        let url = server.url("/slow?ms=100")
        let tasks = (0..<4).map { _ in
            Task {
                // No suspension between this and the hand-over to the client: counted means queued.
                calling.increment()
                return try await client.execute(.get, url: url)
            }
        }
        while calling.count < 4 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(20))

        client.close()  // one runs, three wait behind it

        #expect(server.answeredRequests == 4, "close() returned only after the queued requests were answered")
        for task in tasks { #expect(try await task.value.body == Array("slow".utf8)) }
        let refused = await #expect(throws: HTTPClientError.self) { try await client.execute(.get, url: server.url("/echo")) }
        #expect(refused?.code == .closed)
    }

    @Test("close() closes the kept-alive connections even while the client object lives on")
    func closeReleasesConnections() async throws {
        let server = try LoopbackServer()
        defer { server.stop() }
        let client = HTTPClient()
        #expect(try await client.execute(.get, url: server.url("/echo")).status == .ok)
        #expect(server.openConnections == 1)
        client.close()
        // The server thread notices the close on its own schedule: a bound far beyond it, left at once when seen.
        let deadline = ContinuousClock.now + .seconds(10)
        while server.openConnections > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(server.openConnections == 0)
        withExtendedLifetime(client) {}
    }

    @Test("a request that fails to start does not disturb the transfers around it")
    func badRequestAmongGood() async throws {
        let server = try LoopbackServer()
        let client = HTTPClient()
        defer {
            client.close()
            server.stop()
        }
        let url = server.url("/echo")
        let first = Task { try await client.execute(.post, url: url, body: [1]) }
        let bad = Task { try await client.execute(.post, url: url, headers: ["X-Bad": "a\nb"], body: [2]) }
        let third = Task { try await client.execute(.post, url: url, body: [3]) }
        #expect(try await first.value.body == [1])
        let error = await #expect(throws: HTTPClientError.self) { try await bad.value }
        #expect(error?.code == .invalidRequest)
        #expect(try await third.value.body == [3])
    }

    @Test("one reused handle carries no method or body over from one request to the next")
    func methodSequenceOnOneHandle() async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 1
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
        }
        let url = server.url("/echo")
        let steps: [(HTTPMethod, [UInt8])] = [
            (.post, [1, 2]), (.get, []), (.head, []), (.get, []), (.put, [3]), (.delete, []), (.get, [4, 5]),
            (.patch, []), (.post, []), (.options, []),
        ]
        for (method, body) in steps {
            let response = try await client.execute(method, url: url, body: body)
            #expect(response.headers["x-method"] == method.rawValue, "\(method)")
            #expect(response.body == body, "\(method) \(body)")
        }
        #expect(server.acceptedConnections == 1)
    }

    @Test("requests arriving while the loop sleeps idle or busy are all picked up without delay")
    func noLostWakeups() async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 2
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
        }
        let url = server.url("/echo")
        // Four callers with gaps of 0 to 3 ms: the loop keeps moving between running, idle (a 60 s poll) and
        // waking up. A lost wake-up would leave a request waiting out that poll.
        let slowest = try await withThrowingTaskGroup(of: Duration.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    var slowest = Duration.zero
                    for round in 0..<60 {
                        let start = ContinuousClock.now
                        let response = try await client.execute(.post, url: url, body: [UInt8(round)])
                        #expect(response.body == [UInt8(round)])
                        slowest = max(slowest, ContinuousClock.now - start)
                        try await Task.sleep(for: .microseconds((caller * 700 + round * 311) % 3000))
                    }
                    return slowest
                }
            }
            return try await group.reduce(Duration.zero) { max($0, $1) }
        }
        #expect(slowest < .seconds(10), "far below the idle poll's 60 s")
    }
}
