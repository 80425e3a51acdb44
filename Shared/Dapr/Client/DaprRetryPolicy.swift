/// How `HTTPDaprClient` retries a call, and which calls it retries at all.
///
/// A retry happens only where repeating the request cannot produce a second, different effect:
/// - **Any call** is retried when the connection could not be made (`DaprError.Code.connection`): nothing was sent.
/// - **Idempotent calls** are also retried after a timeout and on 502, 503 and 504: state get, bulk get and delete;
///   saves whose every item is `last-write` without an ETag; secrets; job get and delete; job schedule with
///   `overwrite`; `GET`/`HEAD`/`OPTIONS` invocations (transport errors only: an app's own status passes through).
/// - **Publishing a CloudEvent whose `id` is fixed** (a pass-through CloudEvent, or raw data with
///   `DaprPublishOptions.cloudEventID`) is idempotent *for the system*: a duplicate may reach the broker, and every
///   consumer drops it by event id (see `Idempotency`). Such a publish is also retried on daprd's
///   500 `ERR_PUBSUB_PUBLISH_MESSAGE` (a broker error).
/// - **Never retried beyond a connect failure**: a publish without a fixed id (daprd would mint a new id per try),
///   `first-write` or ETag saves (a retry after an unseen success would report a false conflict), transactions,
///   job schedules without `overwrite`, output bindings, non-idempotent invocations.
///
/// Backoff is exponential with full jitter: try *n* waits a random time in `0...min(maxBackoff, initial·2ⁿ⁻¹)`.
package struct DaprRetryPolicy: Sendable {
    /// Total tries, the first one included; 1 disables retries.
    package var maxAttempts: Int
    /// The backoff ceiling of the first retry.
    package var initialBackoff: Duration
    /// The largest backoff ceiling.
    package var maxBackoff: Duration

    /// Creates a policy.
    package init(
        maxAttempts: Int = 3, initialBackoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(2)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// Three tries, 100 ms then 200 ms ceilings.
    package static let `default` = DaprRetryPolicy()
    /// One try only.
    package static let none = DaprRetryPolicy(maxAttempts: 1)

    /// The wait before try `attempt + 1`, after `attempt` failed tries (1-based).
    func backoff(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(maxBackoff, initialBackoff * (1 << min(attempt - 1, 20)))
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanoseconds))
    }
}

/// How safe it is to repeat one request (see `DaprRetryPolicy`).
struct RequestSafety: Sendable {
    /// Retry after timeouts and on 502/503/504, not only after connect failures.
    var idempotent: Bool
    /// daprd `errorCode`s that are worth another try for this request.
    var retryableErrorCodes: Set<String> = []

    /// Only a failed connect is retried.
    static let unsafe = RequestSafety(idempotent: false)
    /// Repeating the request has the same effect as sending it once.
    static let idempotent = RequestSafety(idempotent: true)
    /// A publish whose CloudEvent id is fixed: consumers deduplicate, broker errors are retried.
    static let fixedIDPublish = RequestSafety(idempotent: true, retryableErrorCodes: ["ERR_PUBSUB_PUBLISH_MESSAGE"])
}
