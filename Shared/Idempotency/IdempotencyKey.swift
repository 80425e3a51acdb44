/// The key that makes one consumer's effect of one event happen once: `idempotency:<app-id>:<event id>`.
package struct IdempotencyKey: Hashable, Sendable, CustomStringConvertible {
    /// The consuming function's app id (`audit-log`, `reminder-fire`, …): each consumer dedupes on its own.
    package var appID: String
    /// The CloudEvent `id` (unique per event within its `source`; the system's ids are UUIDs).
    package var eventID: String

    /// Creates a key.
    package init(appID: String, eventID: String) {
        self.appID = appID
        self.eventID = eventID
    }

    /// The state-store key, `idempotency:<app-id>:<event id>`.
    package var stateKey: String { "idempotency:\(appID):\(eventID)" }

    package var description: String { stateKey }
}
