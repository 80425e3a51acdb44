package import HTTPTypes

/// The header fields a proxy must not pass on (RFC 9110 §7.6.1), plus the framing the HTTP client redoes.
package enum HopByHop {
    private static let names: [String] = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "content-length", "expect",
    ]

    /// `headers` without hop-by-hop fields, including any named in its `Connection` field.
    package static func removing(from headers: HTTPHeaders) -> HTTPHeaders {
        var listed = names
        for value in headers.values(for: "connection") {
            listed += value.split(separator: ",").map { $0.trimmingCharacters(in: " \t").lowercased() }
        }
        return HTTPHeaders(
            headers.fields.filter { field in !listed.contains { field.name.equalsIgnoringASCIICase($0) } }
                .map { ($0.name, $0.value) })
    }
}

extension Substring {
    /// The text without leading and trailing characters in `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
