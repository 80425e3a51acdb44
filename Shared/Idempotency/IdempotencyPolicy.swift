/// How long `DaprIdempotencyStore` keeps its records.
package struct IdempotencyPolicy: Sendable, Hashable {
    /// How long a done record dedupes redeliveries (`metadata.ttlInSeconds` of the done record). Default 24 h.
    package var retention: Duration
    /// How long an unfinished claim blocks other deliveries; after it, the claim expires and a redelivery may run the
    /// effect (the crash-recovery path). Longer than the slowest effect. Default 5 min.
    package var lease: Duration

    /// Creates a policy.
    package init(retention: Duration = .seconds(24 * 3600), lease: Duration = .seconds(300)) {
        self.retention = retention
        self.lease = lease
    }

    /// 24 h retention, 5 min lease.
    package static let `default` = IdempotencyPolicy()

    /// Whole seconds, at least 1 (daprd's TTL is an integer string).
    static func seconds(_ duration: Duration) -> Int { max(1, Int(duration.components.seconds)) }
}
