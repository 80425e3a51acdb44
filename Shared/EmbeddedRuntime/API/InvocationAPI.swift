import HTTPTypes

/// Service invocation (§6): `/v1.0/invoke/{app}/method/{method...}` and the `dapr-app-id` header fallback,
/// forwarded through the app channel; the app's answer is passed through unchanged.
struct InvocationAPI: Sendable {
    let core: RuntimeCore

    /// Invokes `method` (already cleaned, no leading `/`) on `target`, keeping the raw query string.
    func invoke(_ request: APIRequest, target: String, method: String) async -> HTTPResponse {
        guard core.knowsApp(target) else {
            return DaprError.response(
                500, "ERR_DIRECT_INVOKE", "failed to invoke, id: \(target), err: couldn't find service: \(target)")
        }
        var headers = request.raw.headers
        for name in [
            "dapr-app-id", "dapr-api-token", "Content-Length", "Connection", "Keep-Alive", "Transfer-Encoding",
            "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
        ] {
            headers.remove(name)
        }
        if target != request.appID {
            headers["dapr-caller-app-id"] = request.appID
            headers["dapr-callee-app-id"] = target
        }
        var path = "/" + method
        if let query = request.raw.query { path += "?" + query }
        let forwarded = HTTPRequest(method: request.raw.method, target: path, headers: headers, body: request.raw.body)
        let channel = core.configuration.appChannel
        return await core.invocations.run {
            do {
                return try await channel(target, forwarded)
            } catch {
                return DaprError.response(500, "ERR_DIRECT_INVOKE", "failed to invoke, id: \(target), err: \(error)")
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
