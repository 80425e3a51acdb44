import HTTPTypes
import Synchronization

/// One request waiting for or running on the transfer loop: what to send, where to deliver the result, whether
/// its caller gave up.
final class PendingRequest: Sendable {
    /// Everything the loop needs to run the transfer, with timeouts already resolved to milliseconds.
    struct Parameters: Sendable {
        var method: HTTPMethod
        var url: String
        /// The request header lines, built (and checked) on the caller's thread, not on the loop's.
        var headerList: CurlHeaderList
        var body: [UInt8]
        var connectTimeoutMilliseconds: Int
        var timeoutMilliseconds: Int
        var maxResponseBodySize: Int
        var unixSocketPath: String?
        var proxy: String?
    }

    let parameters: Parameters
    /// When the request times out: `timeoutMilliseconds` after it was made, so the time it waits for a transfer
    /// slot counts too (a request queued behind slow ones fails with `timeout` instead of waiting for them).
    let deadline: ContinuousClock.Instant
    private let continuation: CheckedContinuation<HTTPResponse, any Error>
    private let cancelled = Atomic<Bool>(false)

    init(_ parameters: Parameters, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        self.parameters = parameters
        self.continuation = continuation
        deadline = .now + .milliseconds(parameters.timeoutMilliseconds)
    }

    /// The time left until `deadline` in whole milliseconds, at least 1 (libcurl reads 0 as "no timeout").
    func remainingMilliseconds(at now: ContinuousClock.Instant = .now) -> Int {
        (deadline - now).clampedMilliseconds
    }

    /// The error of a request whose deadline passed before it got a transfer slot.
    var queueTimeout: HTTPClientError {
        HTTPClientError(
            code: .timeout,
            message: "no transfer slot free within \(parameters.timeoutMilliseconds) ms (all busy with earlier requests)")
    }

    /// Whether the awaiting task was cancelled; the loop does not start a cancelled request.
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Marks the request cancelled (`TransferLoop.withdraw` then takes it out of the queue or aborts it).
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Delivers the result to the awaiting task; called exactly once, by whoever finishes the request.
    func complete(_ result: Result<HTTPResponse, any Error>) { continuation.resume(with: result) }
}

extension Duration {
    /// The duration in whole milliseconds, at least 1 (libcurl reads 0 as "no timeout"; a negative duration is 1).
    var clampedMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 1 }
        guard seconds < Int64(Int.max / 1000 - 1) else { return Int.max / 1000 }
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
