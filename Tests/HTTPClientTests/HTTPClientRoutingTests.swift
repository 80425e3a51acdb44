import Glibc
import HTTPClient
import HTTPTypes
import Testing

@Suite("HTTPClient over a Unix socket or a proxy")
struct HTTPClientRoutingTests {
    @Test("sends every request over the configured Unix socket")
    func unixSocket() async throws {
        let path = "/tmp/todofn-client-test-\(getpid()).sock"
        let server = try LoopbackServer(unixSocketPath: path)
        var configuration = HTTPClientConfiguration()
        configuration.unixSocketPath = path
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
            unlink(path)
        }
        // The host and port in the URL only name the Host header: nothing listens on port 1.
        let response = try await client.execute(.post, url: "http://localhost:1/echo", body: [4, 5, 6])
        #expect(response.status == .ok)
        #expect(response.body == [4, 5, 6])
        #expect(server.acceptedConnections == 1)
    }

    @Test("sends requests through a configured proxy")
    func proxy() async throws {
        let server = try LoopbackServer()
        var configuration = HTTPClientConfiguration()
        configuration.proxy = server.url("")
        let client = HTTPClient(configuration: configuration)
        defer {
            client.close()
            server.stop()
        }
        // The proxy (our server) gets the absolute-form target, which it does not route: 404 from it proves the path.
        let response = try await client.execute(.get, url: "http://upstream.invalid/echo")
        #expect(response.status == .notFound)
        #expect(response.headers["X-Server"] == "loopback")
        #expect(server.acceptedConnections == 1)
    }
}
