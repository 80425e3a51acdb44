import Glibc
import HTTPClient
import HTTPTypes
import Synchronization
import Testing

@Suite("HTTPClient failures")
struct HTTPClientErrorTests {
    private func expectError(
        _ code: HTTPClientError.Code, _ operation: () async throws -> HTTPResponse,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            let response = try await operation()
            Issue.record("expected \(code), got \(response.status)", sourceLocation: sourceLocation)
        } catch let error as HTTPClientError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected HTTPClientError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a refused connection throws connect")
    func connectRefused() async throws {
        // A bound socket that never listens: connecting to it is refused, and nobody else can take the port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound)
        let client = HTTPClient()
        defer { client.close() }
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/"
        await expectError(.connect) { try await client.execute(.get, url: url) }
    }

    @Test("a slow response past the request timeout throws timeout")
    func timeout() async throws {
        let server = try LoopbackServer()
        let client = HTTPClient()
        defer {
            client.close()
            server.stop()
        }
        let start = ContinuousClock.now
        await expectError(.timeout) {
            try await client.execute(.get, url: server.url("/slow?ms=60000"), timeout: .milliseconds(200))
        }
        // Far before the 60 s answer (the server stops answering /slow when the test stops it), however loaded.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test("a bad URL or scheme throws invalidURL", arguments: ["not a url", "ftp://127.0.0.1/", "http://[::1/"])
    func invalidURL(url: String) async {
        let client = HTTPClient()
        defer { client.close() }
        await expectError(.invalidURL) { try await client.execute(.get, url: url) }
    }

    @Test("a URL with a NUL byte throws invalidURL rather than being cut short")
    func nulInURL() async {
        let client = HTTPClient()
        defer { client.close() }
        await expectError(.invalidURL) { try await client.execute(.get, url: "http://127.0.0.1:1/a\u{0}b") }
    }

    @Test("a header value with CR LF throws invalidRequest")
    func headerInjection() async {
        let client = HTTPClient()
        defer { client.close() }
        await expectError(.invalidRequest) {
            try await client.execute(.get, url: "http://127.0.0.1:1/", headers: ["X-Bad": "a\r\nInjected: yes"])
        }
    }

    @Test("a body over the configured limit throws tooLarge")
    func tooLarge() async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configuration.maxResponseBodySize = 1000
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
        }
        let fits = try await client.execute(.get, url: server.url("/big?bytes=1000"))
        #expect(fits.body.count == 1000)
        await expectError(.tooLarge) { try await client.execute(.get, url: server.url("/big?bytes=200000")) }
    }

    @Test("a closed client refuses requests")
    func closed() async {
        let client = HTTPClient()
        client.close()
        await expectError(.closed) { try await client.execute(.get, url: "http://127.0.0.1:1/") }
    }

    @Test("cancelling the awaiting task aborts the transfer, and the client keeps working")
    func cancellation() async throws {
        let server = try LoopbackServer()
        let client = HTTPClient()
        defer {
            client.close()
            server.stop()
        }
        let url = server.url("/slow?ms=60000")
        let start = ContinuousClock.now
        let task = Task { try await client.execute(.get, url: url) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(ContinuousClock.now - start < .seconds(30), "far before the 60 s answer")

        let next = try await client.execute(.get, url: server.url("/echo"))
        #expect(next.status == .ok)
    }

    @Test("cancelling a request still queued behind a busy pool answers it at once")
    func cancelQueued() async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 1
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
        }
        // The busy request takes 10 s; a cancelled queued one must be answered while it still runs (an order, not
        // a time bound, so a loaded CI machine cannot fail it by scheduling alone).
        let busyDone = DoneFlag()
        let busy = Task {
            defer { busyDone.set() }
            return try await client.execute(.get, url: server.url("/slow?ms=10000"))
        }
        try await Task.sleep(for: .milliseconds(50))
        let queued = Task { try await client.execute(.get, url: server.url("/echo")) }
        try await Task.sleep(for: .milliseconds(50))
        queued.cancel()
        let result = await queued.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(!busyDone.isSet, "answered before the busy request finished")
        #expect(try await busy.value.body == Array("slow".utf8))
        #expect(try await client.execute(.get, url: server.url("/echo")).status == .ok)
    }
}

/// Set once when a task finishes, read by the test.
private final class DoneFlag: Sendable {
    private let done = Atomic(false)
    func set() { done.store(true, ordering: .releasing) }
    var isSet: Bool { done.load(ordering: .acquiring) }
}
