package import HTTPTypes

/// What a subscriber tells daprd about one delivery: the `status` of its `{"status": …}` answer.
///
/// daprd's reading of the answer (the same in 1.12–1.18): 2xx with `SUCCESS` (or no status) acks; `RETRY` is a
/// retriable error (resiliency policy, then dead-letter topic); `DROP` acks with a warning and dead-letters
/// (1.13+). The strings are case-sensitive: `"success"` would be a RETRY.
package struct DaprEventStatus: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: String, Hashable, Sendable {
        case success = "SUCCESS"
        case retry = "RETRY"
        case drop = "DROP"
    }
    private let kind: Kind

    /// Processed (or deliberately ignored): ack.
    package static let success = DaprEventStatus(kind: .success)
    /// Failed for now: deliver again.
    package static let retry = DaprEventStatus(kind: .retry)
    /// Can never be processed (undecodable, invalid): ack, and dead-letter if configured.
    package static let drop = DaprEventStatus(kind: .drop)

    /// `SUCCESS`, `RETRY` or `DROP`.
    package var description: String { kind.rawValue }

    /// The 200 answer carrying this status.
    package var response: HTTPResponse {
        HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/json"],
            body: Array(#"{"status":"\#(kind.rawValue)"}"#.utf8))
    }
}
