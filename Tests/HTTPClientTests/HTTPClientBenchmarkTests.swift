import Glibc
import HTTPClient
import HTTPServer
import HTTPTypes
import Testing

/// Latency and throughput of local 1 KiB POSTs against the project's HTTPServer; runs only when asked, since
/// timings belong in a release build: `TODOFN_CLIENT_BENCH=1 swift test -c release --filter HTTPClientBenchmarkTests`.
/// `TODOFN_CLIENT_BENCH_URL` points the client at another echo server instead, to tell client from server costs.
@Suite("HTTPClient latency and throughput", .serialized, .enabled(if: benchmarksEnabled))
struct HTTPClientBenchmarkTests {
    private struct Echo: HTTPResponder {
        func respond(to request: HTTPRequest) async -> HTTPResponse { HTTPResponse(status: .ok, body: request.body) }
    }

    private let body = [UInt8](repeating: 0x61, count: 1024)

    private func withEchoServer(_ run: (String, HTTPClient) async throws -> Void) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.handlesSignals = false
        let server = HTTPServer(configuration: configuration, responder: Echo())
        let port = try server.start()
        let client = HTTPClient()
        let url = getenv("TODOFN_CLIENT_BENCH_URL").map { String(cString: $0) } ?? "http://127.0.0.1:\(port)/echo"
        do {
            try await run(url, client)
        } catch {
            client.close()
            server.shutdown()
            try await server.run()
            throw error
        }
        client.close()
        server.shutdown()
        try await server.run()
    }

    @Test("measures the median time of a sequential 1 KiB POST on a kept-alive connection")
    func sequentialPost() async throws {
        try await withEchoServer { url, client in
            for _ in 0..<200 { _ = try await client.execute(.post, url: url, body: body) }  // warm-up
            var samples: [Duration] = []
            let clock = ContinuousClock()
            for _ in 0..<5000 {
                let start = clock.now
                let response = try await client.execute(.post, url: url, body: body)
                samples.append(clock.now - start)
                #expect(response.body.count == 1024)
            }
            samples.sort()
            let micros = { (percent: Int) in
                let (seconds, attoseconds) = samples[samples.count * percent / 100].components
                return Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000)
            }
            print("HTTPClient sequential 1 KiB POST: median \(micros(50)) µs, p90 \(micros(90)) µs, p99 \(micros(99)) µs")
            #expect(samples[samples.count / 2] < .milliseconds(5))
        }
    }

    @Test("measures throughput of 16 concurrent callers on a pool of 8")
    func concurrentThroughput() async throws {
        try await withEchoServer { url, client in
            let perCaller = 1000
            let start = ContinuousClock.now
            let succeeded = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        var succeeded = 0
                        for _ in 0..<perCaller where try await client.execute(.post, url: url, body: body).status == .ok {
                            succeeded += 1
                        }
                        return succeeded
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("HTTPClient 16 callers, pool 8, 1 KiB POST: \(Int(Double(succeeded) / seconds)) req/s")
            #expect(succeeded == 16 * perCaller)
        }
    }
}

/// Whether `TODOFN_CLIENT_BENCH=1` is set.
private let benchmarksEnabled = getenv("TODOFN_CLIENT_BENCH").map { String(cString: $0) } == "1"
