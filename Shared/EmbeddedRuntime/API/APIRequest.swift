import HTTPTypes

/// A request to the Dapr API as the handlers see it: the decoded path segments, the `metadata.*` query
/// parameters and the caller's app-id.
struct APIRequest: Sendable {
    let raw: HTTPRequest
    let appID: String
    /// Path segments, each decoded like Go's `url.QueryUnescape` (`+` is a space); empty segments dropped
    /// (`path.Clean` and trailing-slash stripping).
    let segments: [String]

    init(_ raw: HTTPRequest, appID: String) {
        self.raw = raw
        self.appID = appID
        segments = APIRequest.segments(of: raw.path)
    }

    /// The decoded segments of `path`: an ASCII path (every real one) split by byte, any other by Character.
    static func segments(of path: Substring) -> [String] {
        guard path.utf8.allSatisfy({ $0 < 0x80 }) else {
            return path.split(separator: "/").map { PercentEncoding.decode($0, plusAsSpace: true) }
        }
        return path.utf8.split(separator: UInt8(ascii: "/")).map {
            PercentEncoding.decode(Substring($0), plusAsSpace: true)
        }
    }

    init(_ raw: HTTPRequest, appID: String, segments: [String]) {
        self.raw = raw
        self.appID = appID
        self.segments = segments
    }

    /// `metadata.<key>` query parameters with the prefix stripped (exact, case-sensitive); the first value wins.
    var metadata: [String: String] {
        var result: [String: String] = [:]
        for item in raw.queryItems where item.name.hasPrefix("metadata.") {
            let key = String(item.name.dropFirst("metadata.".count))
            if result[key] == nil { result[key] = item.value }
        }
        return result
    }

    /// The segments from `index` on, joined with `/` (wildcard routes such as a topic).
    func rest(from index: Int) -> String { segments.count > index ? segments[index...].joined(separator: "/") : "" }

    /// Whether the method is one of `methods`.
    func method(_ methods: HTTPMethod...) -> Bool { methods.contains(raw.method) }
}
