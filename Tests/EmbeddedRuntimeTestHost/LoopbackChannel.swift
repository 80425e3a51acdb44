import EmbeddedRuntime
import EmbeddedSeams
import HTTPClient
import HTTPTypes

/// An app channel to one loopback port (every app-id goes to the same server).
struct LoopbackChannel {
    let port: Int

    /// The channel closure.
    func channel() -> AppChannel {
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 16
        let client = HTTPClient(configuration: configuration)
        let port = self.port
        return { _, request in
            try await client.execute(
                request.method, url: "http://127.0.0.1:\(port)\(request.target)", headers: request.headers,
                body: request.body)
        }
    }
}
