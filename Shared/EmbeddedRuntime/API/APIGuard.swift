import HTTPTypes

/// What every request to a Dapr API port passes before any route: the `Host` must be a loopback name (a page
/// using DNS rebinding sends its own host name), a browser-shaped request (`Origin` or `Sec-Fetch-*`) is refused
/// outright, and the port's token must match in constant time (healthz excepted, as in daprd).
enum APIGuard {
    /// The answer refusing `request`, or nil when it may go on. `token` is the port's token (nil: open port).
    static func rejection(_ request: HTTPRequest, token: [UInt8]?, isHealth: Bool) -> HTTPResponse? {
        guard let host = request.headers["Host"], !host.isEmpty else {
            return DaprResponse.response(400, "ERR_BAD_HOST", "a Host header naming a loopback address is required")
        }
        guard isLoopback(host: host) else {
            return DaprResponse.response(
                403, "ERR_HOST_NOT_ALLOWED", "the Dapr API answers only requests addressed to a loopback host name")
        }
        if request.headers.contains("Origin") || request.headers.contains("Sec-Fetch-Site")
            || request.headers.contains("Sec-Fetch-Mode")
        {
            return DaprResponse.response(403, "ERR_BROWSER_REQUEST", "the Dapr API does not answer browser requests")
        }
        if let token, !isHealth, !ConstantTime.matches(request.headers["dapr-api-token"], token) {
            // daprd's answer, byte for byte.
            return HTTPResponse(status: .unauthorized, contentType: "text/plain; charset=utf-8", text: "invalid api token\n")
        }
        return nil
    }

    /// `localhost`, `127.x.y.z` or `[::1]`, each with an optional `:port`.
    static func isLoopback(host: String) -> Bool {
        // Every API request asks: the usual `127.0.0.1:3500` is read byte by byte; anything else by the rules below.
        isIPv4Loopback(host.utf8) || isLoopbackName(host)
    }

    /// Whether `host` is `127.a.b.c` (each part 1–3 digits, at most 255) with an optional `:` and 1–5 digits.
    private static func isIPv4Loopback(_ host: String.UTF8View) -> Bool {
        var parts = 0
        var digits = 0
        var value = 0
        var index = host.startIndex
        while index != host.endIndex {
            let byte = host[index]
            host.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                guard digits <= 3, value <= 255 else { return false }
            case UInt8(ascii: "."), UInt8(ascii: ":"):
                guard digits > 0, parts > 0 || value == 127, parts < 4 else { return false }
                parts += 1
                if byte == UInt8(ascii: ":") {
                    guard parts == 4 else { return false }
                    let port = host[index...]
                    return !port.isEmpty && port.count <= 5
                        && port.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                }
                digits = 0
                value = 0
            default: return false
            }
        }
        return parts == 3 && digits > 0
    }

    private static func isLoopbackName(_ host: String) -> Bool {
        var name = Substring(host)
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let rest = name[name.index(after: close)...]
            guard rest.isEmpty || isPort(rest) else { return false }
            return name[name.index(after: name.startIndex)..<close] == "::1"
        }
        if let colon = name.lastIndex(of: ":") {
            guard isPort(name[colon...]) else { return false }
            name = name[..<colon]
        }
        if name.lowercased() == "localhost" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }

    /// `:` followed by 1–5 digits.
    private static func isPort(_ text: Substring) -> Bool {
        let digits = text.dropFirst()
        return text.first == ":" && !digits.isEmpty && digits.count <= 5 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
