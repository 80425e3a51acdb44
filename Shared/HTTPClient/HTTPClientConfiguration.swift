/// Settings of an `HTTPClient`.
package struct HTTPClientConfiguration: Sendable {
    /// Transfers running at once (more wait in arrival order); the client keeps up to twice as many idle
    /// keep-alive connections.
    package var poolSize: Int = 8
    /// Time allowed to establish the connection.
    package var connectTimeout: Duration = .seconds(2)
    /// Default whole-request timeout, counted from the call: the time a request waits for a transfer slot counts
    /// too. A request may set its own.
    package var requestTimeout: Duration = .seconds(30)
    /// Largest response body accepted; a bigger one fails with `HTTPClientError.Code.tooLarge`.
    package var maxResponseBodySize: Int = 64 << 20
    /// When set, every request goes over this Unix domain socket (the URL still gives the `Host` and path).
    /// - SeeAlso: `CURLOPT_UNIX_SOCKET_PATH`.
    package var unixSocketPath: String?
    /// An HTTP proxy for every request, e.g. `http://proxy:3128`. When nil, no proxy is used, even if
    /// `http_proxy`/`HTTPS_PROXY` are set: calls to a local Dapr must not take a detour.
    /// - SeeAlso: `CURLOPT_PROXY`.
    package var proxy: String?

    /// Creates the default configuration: 8 handles, 2 s to connect, 30 s per request, 64 MiB bodies.
    package init() {}
}
