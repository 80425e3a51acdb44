import FunctionRuntime
import HTTPTypes

/// `If-Match: "<version>"` (the `ETag` a task response carried): the version an update expects, so two clients
/// cannot overwrite each other's changes unseen. Absent → nil (last write wins); `*` → nil.
enum IfMatch {
    static func version(_ request: HTTPRequest) throws -> Int64? {
        guard let header = request.headers["If-Match"] else { return nil }
        var text = Substring(header.trimmingPrefix("W/"))
        if text == "*" { return nil }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        guard let version = Int64(text), version > 0 else {
            throw HTTPError(.badRequest, message: "If-Match must be a task version ETag such as \"3\"")
        }
        return version
    }
}
