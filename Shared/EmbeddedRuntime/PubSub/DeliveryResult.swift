import HTTPTypes
import JSON

/// What one delivery attempt amounted to, per daprd's table (§2.4 of the reference).
enum DeliveryResult: Sendable, Equatable {
    /// Acknowledged.
    case success
    /// Retriable: RETRY, unknown status, non-2xx other than 404, timeout, transport error.
    case retry(String)
    /// Dropped: DROP or 404 (to the dead-letter topic if the subscription has one).
    case drop(String)

    /// Classifies an app's answer: 2xx with an empty, non-JSON or status-less body is success; `SUCCESS`,
    /// `RETRY`, `DROP` are case-sensitive; any other status string retries; 404 drops; anything else retries.
    static func classify(_ response: HTTPResponse) -> DeliveryResult {
        let code = response.status.code
        if code == 404 { return .drop("app answered 404") }
        guard (200..<300).contains(code) else { return .retry("app answered \(code)") }
        guard !response.body.isEmpty, let json = try? JSONValue.parse(response.body, lenient: true),
            let status = json["status"]?.stringValue
        else { return .success }
        switch status {
        case "", "SUCCESS": return .success
        case "DROP": return .drop("app answered DROP")
        case "RETRY": return .retry("app answered RETRY")
        default: return .retry("unknown status \(status)")
        }
    }
}
