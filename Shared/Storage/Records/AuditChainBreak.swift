package import FoundationEssentials

/// The first entry whose chain link does not verify.
package struct AuditChainBreak: Sendable, Hashable, CustomStringConvertible {
    /// Its sequence.
    package var sequence: Int64
    /// Its event id; nil when the entry is missing (the chain ends before the signed checkpoint).
    package var eventID: UUID?
    /// Why it fails.
    package var reason: String

    /// Makes a break report.
    package init(sequence: Int64, eventID: UUID?, reason: String) {
        self.sequence = sequence
        self.eventID = eventID
        self.reason = reason
    }

    /// `"entry 12 (<event id>): reason"`.
    package var description: String {
        "entry \(sequence) (\(eventID?.uuidString.lowercased() ?? "missing")): \(reason)"
    }
}
