package import HTTPClient
import HTTPTypes

/// A `DaprClient` over Dapr's HTTP API, on `HTTPClient` (libcurl, keep-alive).
///
/// ```swift
/// let dapr = HTTPDaprClient(
///     endpoint: HTTPDaprClient.endpoint(daprHTTPEndpoint: config.daprHTTPEndpoint, daprHTTPPort: config.daprHTTPPort),
///     apiToken: config.daprAPIToken)
/// try await dapr.waitForSidecar(timeout: .seconds(5))
/// ```
///
/// Path parameters are percent-encoded (daprd decodes them with `QueryUnescape`, so `+` must travel as `%2B`).
/// Retries follow `DaprRetryPolicy`.
package struct HTTPDaprClient: DaprClient {
    /// The sidecar's base URL, without a trailing slash, e.g. `http://127.0.0.1:3500`.
    package let endpoint: String
    private let apiToken: String?
    let http: HTTPClient
    private let retryPolicy: DaprRetryPolicy
    private let requestTimeout: Duration?

    /// Creates a client.
    /// - Parameters:
    ///   - endpoint: the sidecar's base URL (see `endpoint(daprHTTPEndpoint:daprHTTPPort:)`).
    ///   - apiToken: `DAPR_API_TOKEN`, sent as `dapr-api-token` on every call.
    ///   - httpClient: the HTTP client to share.
    ///   - retryPolicy: how safe calls are retried.
    ///   - requestTimeout: per call; nil uses the HTTP client's default.
    package init(
        endpoint: String, apiToken: String? = nil, httpClient: HTTPClient = HTTPClient(),
        retryPolicy: DaprRetryPolicy = .default, requestTimeout: Duration? = .seconds(10)
    ) {
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        self.endpoint = base
        self.apiToken = apiToken.flatMap { $0.isEmpty ? nil : $0 }
        self.http = httpClient
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
    }

    /// The base URL Dapr's SDKs use: `DAPR_HTTP_ENDPOINT` if set, else `http://127.0.0.1:$DAPR_HTTP_PORT` (3500).
    package static func endpoint(daprHTTPEndpoint: String?, daprHTTPPort: Int?) -> String {
        if let daprHTTPEndpoint, !daprHTTPEndpoint.isEmpty { return daprHTTPEndpoint }
        return "http://127.0.0.1:\(daprHTTPPort ?? 3500)"
    }

    /// Percent-encodes one path parameter (everything outside RFC 3986's unreserved set, `+` and `/` included).
    static func segment(_ text: String) -> String { PercentEncoding.encode(text) }

    /// The `metadata.<key>=<value>` query string, keys sorted, or "".
    static func metadataQuery(_ metadata: [String: String], extra: [(String, String)] = []) -> String {
        let pairs = extra + metadata.sorted { $0.key < $1.key }.map { ("metadata." + $0.key, $0.value) }
        guard !pairs.isEmpty else { return "" }
        return "?"
            + pairs.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
    }

    /// Sends one request to daprd, retrying as `safety` allows; returns any response daprd gave.
    /// - Throws: `DaprError` for transport failures once retries are spent.
    func send(
        _ method: HTTPMethod, _ pathAndQuery: String, headers extraHeaders: HTTPHeaders = [:], body: [UInt8] = [],
        safety: RequestSafety, timeout: Duration? = nil
    ) async throws -> HTTPResponse {
        var headers = extraHeaders
        if let apiToken { headers["dapr-api-token"] = apiToken }
        if !body.isEmpty, !headers.contains("Content-Type") { headers["Content-Type"] = "application/json" }
        let url = endpoint + pathAndQuery
        var attempt = 1
        while true {
            do {
                let response = try await http.execute(
                    method, url: url, headers: headers, body: body, timeout: timeout ?? requestTimeout)
                guard attempt < retryPolicy.maxAttempts, Self.isRetryable(response, safety) else { return response }
            } catch {
                let daprError = DaprError.transport(error)
                guard attempt < retryPolicy.maxAttempts, Self.isRetryable(daprError, safety) else { throw daprError }
            }
            try await Task.sleep(for: retryPolicy.backoff(afterAttempt: attempt))
            attempt += 1
        }
    }

    /// Sends a request and turns a non-2xx answer into a `DaprError`.
    func call(
        _ method: HTTPMethod, _ pathAndQuery: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
        safety: RequestSafety, conflict: DaprError.Code = .etagMismatch
    ) async throws -> HTTPResponse {
        let response = try await send(method, pathAndQuery, headers: headers, body: body, safety: safety)
        guard response.status.isSuccess else { throw DaprError.response(response, conflict: conflict) }
        return response
    }

    /// Rejects an empty component name or key before it reaches daprd (where it would hit another route).
    static func require(_ value: String, _ what: String) throws {
        guard !value.isEmpty else { throw DaprError(code: .invalidArgument, message: "\(what) is empty") }
    }

    /// The `metadata.<key>` response headers, prefix stripped.
    static func responseMetadata(_ headers: HTTPHeaders) -> [String: String] {
        var metadata: [String: String] = [:]
        for field in headers where field.name.lowercased().hasPrefix("metadata.") {
            metadata[String(field.name.dropFirst("metadata.".count))] = field.value
        }
        return metadata
    }

    private static func isRetryable(_ error: DaprError, _ safety: RequestSafety) -> Bool {
        error.code == .connection || (safety.idempotent && error.code == .timeout)
    }

    private static func isRetryable(_ response: HTTPResponse, _ safety: RequestSafety) -> Bool {
        guard safety.idempotent else { return false }
        if [502, 503, 504].contains(response.status.code) { return true }
        guard response.status.code == 500, !safety.retryableErrorCodes.isEmpty else { return false }
        let error = DaprError.response(response)
        return error.errorCode.map(safety.retryableErrorCodes.contains) ?? false
    }
}
