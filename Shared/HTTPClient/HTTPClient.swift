package import HTTPTypes

/// An async HTTP/1.1 client on libcurl; blocking calls never run on the cooperative pool.
///
/// One dedicated thread, started by the first request, runs up to `poolSize` transfers at once on a libcurl
/// multi handle (more wait in arrival order); its connection cache keeps connections alive between requests.
/// Create one client per process (or per upstream) and share it.
///
/// ```swift
/// let client = HTTPClient()
/// let response = try await client.execute(.post, url: "http://127.0.0.1:3500/v1.0/state/s", body: bytes)
/// ```
package final class HTTPClient: Sendable {
    private let configuration: HTTPClientConfiguration
    private let loop: TransferLoop

    /// Creates a client; no thread starts until the first request.
    /// - Parameter configuration: pool size, timeouts, body limit, optional Unix socket.
    package init(configuration: HTTPClientConfiguration = .init()) {
        self.configuration = configuration
        loop = TransferLoop(maxTransfers: configuration.poolSize)
    }

    deinit { loop.close() }

    /// Sends one request and returns the whole response (any status; only transport failures throw).
    ///
    /// Cancelling the calling task aborts the transfer and throws `CancellationError`.
    /// - Parameters:
    ///   - method: the method.
    ///   - url: an absolute `http://` or `https://` URL.
    ///   - headers: request headers (`Host`, `Content-Length` are added; `Expect` is suppressed).
    ///   - body: request body; sent for any method when not empty, and as an empty body for POST/PUT/PATCH.
    ///   - timeout: overrides the configured request timeout (from this call on, queueing for a slot included).
    /// - Returns: the response.
    /// - Throws: `HTTPClientError` (`connect`, `timeout`, `invalidURL`, `invalidRequest`, `tooLarge`,
    ///   `transport`, `closed`) or `CancellationError`.
    package func execute(
        _ method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [], timeout: Duration? = nil
    ) async throws -> HTTPResponse {
        guard !url.utf8.contains(0) else { throw HTTPClientError(code: .invalidURL, message: "URL contains NUL") }
        guard !method.rawValue.isEmpty, method.rawValue.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPClientError(code: .invalidRequest, message: "invalid method \"\(method)\"")
        }
        let headerList = try CurlHeaderList(headers)
        try Task.checkCancellation()
        let parameters = PendingRequest.Parameters(
            method: method, url: url, headerList: headerList, body: body,
            connectTimeoutMilliseconds: configuration.connectTimeout.clampedMilliseconds,
            timeoutMilliseconds: (timeout ?? configuration.requestTimeout).clampedMilliseconds,
            maxResponseBodySize: configuration.maxResponseBodySize, unixSocketPath: configuration.unixSocketPath,
            proxy: configuration.proxy)
        let box = PendingBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let request = PendingRequest(parameters, continuation: continuation)
                if box.set(request) {
                    request.complete(.failure(CancellationError()))
                } else {
                    loop.submit(request)
                }
            }
        } onCancel: {
            // A queued request is answered here at once; the loop thread aborts a running one.
            if let request = box.cancel(), loop.withdraw(request) {
                request.complete(.failure(CancellationError()))
            }
        }
    }

    /// Stops the client's thread after the requests already queued finish; later requests fail with `closed`.
    ///
    /// Blocks the caller until in-flight transfers end (bounded by their timeouts). Dropping the last reference
    /// to the client does the same.
    package func close() { loop.close() }
}
