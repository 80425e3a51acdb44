import FoundationEssentials
import FunctionRuntime
import Storage

/// Tells the log when the relay falls behind and when it has caught up (issue 11: it once fell to 100 events/s under
/// load with nothing logged).
///
/// "Behind" means the oldest event a pass claimed had waited longer than `threshold` since its commit. The first
/// such pass logs a warning with the lag and the pass's publish rate; more follow at most once per `repeatEvery`
/// while it stays behind; the first pass back under the threshold logs that the relay caught up.
struct OutboxRelayLag {
    let threshold: Duration
    let repeatEvery: Duration
    private var behindSince: ContinuousClock.Instant?
    private var lastWarning: ContinuousClock.Instant?

    init(threshold: Duration, repeatEvery: Duration = .seconds(30)) {
        self.threshold = threshold
        self.repeatEvery = repeatEvery
    }

    /// Records a pass that took `elapsed` and logs as above.
    mutating func record(_ pass: OutboxRelayPass, elapsed: Duration, now: Date = Date(), logger: Logger) {
        guard let oldest = pass.oldestCreatedAt else { return }
        let lag = now.timeIntervalSince(oldest)
        let clock = ContinuousClock.now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(pass.published) / seconds) : pass.published
        if lag > Double(threshold.components.seconds) + Double(threshold.components.attoseconds) / 1e18 {
            if let last = lastWarning, last.duration(to: clock) < repeatEvery { return }
            if behindSince == nil { behindSince = clock }
            lastWarning = clock
            logger.warning(
                "Outbox relay is behind",
                metadata: [
                    "outbox.lag.seconds": "\(Int(lag))", "outbox.published": "\(pass.published)",
                    "outbox.published_per_second": "\(rate)",
                ])
        } else if let since = behindSince {
            behindSince = nil
            lastWarning = nil
            logger.info(
                "Outbox relay caught up",
                metadata: ["outbox.behind.seconds": "\(Int(since.duration(to: clock).components.seconds))"])
        }
    }
}
