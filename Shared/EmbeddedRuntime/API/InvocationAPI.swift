import HTTPClient
import HTTPTypes

/// Service invocation (§6): `/v1.0/invoke/{app}/method/{method...}` and the `dapr-app-id` header fallback,
/// forwarded through the app channel (which adds the app token) when the target's `AccessControl` allows the
/// caller; the app's answer is passed through unchanged. A method `RequestTarget` refuses is 400, a denied call
/// `403 ERR_DIRECT_INVOKE`, and neither reaches the app.
struct InvocationAPI: Sendable {
    let core: RuntimeCore

    /// Invokes `method` (already cleaned, no leading `/`) on `target`, keeping the raw query string.
    func invoke(_ request: APIRequest, target: String, method: String) async -> HTTPResponse {
        guard core.knowsApp(target) else {
            return DaprResponse.response(
                500, "ERR_DIRECT_INVOKE", "failed to invoke, id: \(target), err: couldn't find service: \(target)")
        }
        // daprd 1.18 refuses `?` and `#` in a method: decoded from `%3F`, one would turn the rest into a query.
        if method.utf8.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            return DaprResponse.response(400, "ERR_DIRECT_INVOKE", "invalid method: it contains ? or #")
        }
        var path = "/" + method
        if let query = request.raw.query { path += "?" + query }
        if let problem = RequestTarget.problem(path) {
            return DaprResponse.response(400, "ERR_DIRECT_INVOKE", "invalid method: \(problem)")
        }
        // Both the method as forwarded and its decoded form must be allowed, so an escape cannot dodge a deny.
        let access = core.accessControl[target] ?? AccessControl()
        let isDaprFacing = core.isDaprFacing(method)
        let allowed = [method, PercentEncoding.decode(method)].allSatisfy {
            access.allows(caller: request.appID, method: $0, verb: request.raw.method.rawValue, isDaprFacing: isDaprFacing)
        }
        guard allowed else {
            core.logger.warning("denied invocation of \(target) /\(method) by app-id \(request.appID)")
            return DaprResponse.response(
                403, "ERR_DIRECT_INVOKE",
                "failed to invoke, id: \(target), err: access control policy has denied access to appid: \(request.appID) operation: \(method) verb: \(request.raw.method.rawValue)"
            )
        }
        var headers = request.raw.headers
        for name in [
            "dapr-app-id", "dapr-api-token", "dapr-caller-app-id", "dapr-callee-app-id", IngressHeader.name, "Content-Length",
            "Connection", "Keep-Alive", "Transfer-Encoding",
            "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
        ] {
            headers.remove(name)
        }
        if target != request.appID {
            headers["dapr-caller-app-id"] = request.appID
            headers["dapr-callee-app-id"] = target
        }
        let forwarded = HTTPRequest(method: request.raw.method, target: path, headers: headers, body: request.raw.body)
        let channel = core.configuration.appChannel
        return await core.invocations.run {
            do {
                return try await channel(target, forwarded)
            } catch {
                // Only the kind of a transport failure: the HTTP client's own text stays in this process.
                let reason = (error as? HTTPClientError).map { "\($0.code) error" } ?? "\(error)"
                return DaprResponse.response(500, "ERR_DIRECT_INVOKE", "failed to invoke, id: \(target), err: \(reason)")
            }
        }
    }

    /// The method of a path taken whole (the `dapr-app-id` header case): cleaned, no leading `/`.
    static func method(fromPath path: Substring) -> String {
        cleaned(path.split(separator: "/").map(String.init))
    }

    /// Joins decoded segments as Go's `path.Clean` would (`.` dropped, `..` resolved, no empty segments).
    static func cleaned(_ segments: [String]) -> String {
        var out: [String] = []
        for segment in segments where !segment.isEmpty && segment != "." {
            if segment == ".." { _ = out.popLast() } else { out.append(segment) }
        }
        return out.joined(separator: "/")
    }
}
