/// A complete HTTP request as a function sees it: head plus the whole body.
package struct HTTPRequest: Sendable {
    package var method: HTTPMethod
    /// The request target exactly as sent, e.g. `/api/alice/tasks?limit=10`.
    package var target: String
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// The HTTP version as (major, minor).
    package var version: (major: Int, minor: Int)

    /// Creates a request.
    /// - Parameters:
    ///   - method: the method.
    ///   - target: the request target (path and optional query).
    ///   - headers: the header fields.
    ///   - body: the body bytes.
    package init(
        method: HTTPMethod, target: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
        version: (major: Int, minor: Int) = (1, 1)
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.version = version
    }

    /// The path part of the target, still percent-encoded.
    package var path: Substring {
        if let mark = queryMark { return target[..<mark] }
        return target[...]
    }

    /// The raw query string after `?`, or nil.
    package var query: Substring? {
        guard let mark = queryMark else { return nil }
        return target[target.index(after: mark)...]
    }

    /// Where the first `?` Character of the target is: found by byte in an ASCII target (every request asks, and
    /// a Character search pays for grapheme breaking), by Character otherwise.
    private var queryMark: String.Index? {
        let utf8 = target.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return target.firstIndex(of: "?") }
        return utf8.firstIndex(of: UInt8(ascii: "?"))
    }

    /// The query parameters, percent-decoded (`+` decodes to a space), in order.
    package var queryItems: [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (
                    PercentEncoding.decode(pair[..<equals], plusAsSpace: true),
                    PercentEncoding.decode(pair[pair.index(after: equals)...], plusAsSpace: true)
                )
            }
            return (PercentEncoding.decode(pair, plusAsSpace: true), "")
        }
    }

    /// The first value of query parameter `name`, or nil.
    package func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}
