package import FoundationEssentials
package import Storage

/// What became of a batch handed to ``EventPublisher/publish(batch:)``: the events the broker did not accept.
package struct BatchPublishResult: Sendable {
    /// Event id → why it was not accepted (or not tried). Events absent from here were accepted.
    package var failures: [UUID: any Error]

    /// Makes a result; the default says every event was accepted.
    package init(failures: [UUID: any Error] = [:]) { self.failures = failures }

    /// Every event of `events` failed with `error` (a whole-call failure).
    package static func allFailed(_ events: some Sequence<OutboxEvent>, _ error: any Error) -> BatchPublishResult {
        var failures: [UUID: any Error] = [:]
        for event in events { failures[event.eventID] = error }
        return BatchPublishResult(failures: failures)
    }

    /// Whether every event was accepted.
    package var allAccepted: Bool { failures.isEmpty }
}
