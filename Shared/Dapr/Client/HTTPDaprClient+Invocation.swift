import FoundationEssentials
import HTTPClient
package import HTTPTypes

extension HTTPDaprClient {
    /// `<verb> /v1.0/invoke/{appID}/method/{method}?{query}`: the target app's answer comes back as it is, whatever
    /// its status. Retried after a timeout only for `GET`, `HEAD` and `OPTIONS`.
    /// - Throws: `DaprError` for transport failures, and `.operationFailed` when daprd itself failed to reach the app
    ///   (500 `ERR_DIRECT_INVOKE`) or `.routeNotFound` (404 `ERR_DIRECT_INVOKE`).
    package func invoke(
        appID: String, method: String, httpMethod: HTTPMethod, query: String?, headers: HTTPHeaders, body: [UInt8]
    ) async throws -> HTTPResponse {
        try Self.require(appID, "app id")
        var methodPath = Substring(method)
        while methodPath.hasPrefix("/") { methodPath = methodPath.dropFirst() }
        let encodedMethod = PercentEncoding.encode(methodPath, keeping: [UInt8(ascii: "/")])
        var path = "/v1.0/invoke/\(Self.segment(appID))/method/\(encodedMethod)"
        if let query, !query.isEmpty { path += "?" + query }
        let safe: Set<HTTPMethod> = [.get, .head, .options]
        let response = try await send(
            httpMethod, path, headers: headers, body: body,
            safety: safe.contains(httpMethod) ? .idempotent : .unsafe)
        if response.status.code == 500 || response.status.code == 404 {
            let error = DaprError.response(response)
            if error.errorCode == "ERR_DIRECT_INVOKE" { throw error }
        }
        return response
    }

    /// `POST /v1.0/bindings/{name}` with `{"data","operation","metadata"}`: 200 with data or 204 without.
    /// - Throws: `DaprError` `.operationFailed` (500 `ERR_INVOKE_OUTPUT_BINDING`: unknown binding, missing or
    ///   unsupported operation), `.badRequest`.
    package func invokeBinding(
        name: String, operation: String, data: [UInt8]?, metadata: [String: String]
    ) async throws -> DaprBindingResponse {
        try Self.require(name, "binding name")
        var writer = JSONBodyWriter()
        writer.beginObject()
        if let data {
            writer.key("data")
            writer.raw(data)
        }
        writer.key("operation")
        writer.string(operation)
        writer.key("metadata")
        writer.stringMap(metadata)
        writer.endObject()
        let response = try await call(
            .post, "/v1.0/bindings/\(Self.segment(name))", body: writer.bytes, safety: .unsafe)
        return DaprBindingResponse(data: response.body, metadata: Self.responseMetadata(response.headers))
    }

    /// Polls `GET /v1.0/healthz/outbound` (token-exempt; 204 once components are ready) every 100 ms.
    /// - Throws: `DaprError` `.sidecarUnavailable` after `timeout`, with the last failure as `underlying`.
    package func waitForSidecar(timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastFailure: (any Error)? = nil
        while true {
            let remaining = deadline - clock.now
            if remaining <= .zero { break }
            do {
                let response = try await http.execute(
                    .get, url: endpoint + "/v1.0/healthz/outbound", timeout: min(remaining, .seconds(1)))
                if response.status.isSuccess { return }
                lastFailure = DaprError.response(response)
            } catch {
                lastFailure = DaprError.transport(error)
            }
            let pause = min(.milliseconds(100), deadline - clock.now)
            if pause > .zero { try await Task.sleep(for: pause) }
        }
        throw DaprError(
            code: .sidecarUnavailable, message: "Dapr sidecar at \(endpoint) not ready after \(timeout)",
            underlying: lastFailure)
    }
}
