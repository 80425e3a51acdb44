/// How deliveries to subscribers are retried and bounded.
///
/// daprd retries only under a resiliency policy (`dapr/resiliency.yaml` gives the pub/sub component an
/// exponential inbound retry); the embedded runtime always applies this bounded exponential policy, then the
/// dead-letter topic or a recorded drop.
package struct DeliveryPolicy: Sendable, Hashable {
    /// Attempts per message, the first included (5 = 1 try + 4 retries).
    package var maxAttempts: Int
    /// Delay before the first retry; doubles each time.
    package var initialBackoff: Duration
    /// Upper bound of a retry delay.
    package var maxBackoff: Duration
    /// Time an app has to answer one delivery (daprd: the resiliency `timeouts`); beyond it → retry.
    package var timeout: Duration
    /// Deliveries in flight per subscription (different partition keys run concurrently up to this).
    package var concurrency: Int
    /// Log rows read per batch.
    package var batchSize: Int
    /// Bulk requests in flight per bulk subscription (at most `concurrency`). Few on purpose: events that arrive
    /// while the bulks are in flight gather into the next one, so batches grow with the load without a timer.
    package var bulkConcurrency: Int

    /// Creates a policy: 5 attempts, 100 ms doubling to 5 s, 30 s timeout, 16 concurrent (2 bulks), batches of 256.
    package init(
        maxAttempts: Int = 5, initialBackoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(5),
        timeout: Duration = .seconds(30), concurrency: Int = 16, batchSize: Int = 256, bulkConcurrency: Int = 2
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.batchSize = max(1, batchSize)
        self.bulkConcurrency = min(max(1, bulkConcurrency), self.concurrency)
    }

    /// The delay before attempt `attempt + 1` (attempt counts from 1).
    package func backoff(after attempt: Int) -> Duration {
        var delay = initialBackoff
        for _ in 1..<max(1, attempt) where delay < maxBackoff { delay = delay * 2 }
        return min(delay, maxBackoff)
    }
}
