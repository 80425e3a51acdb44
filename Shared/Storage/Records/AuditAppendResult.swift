package import FoundationEssentials

/// The outcome of appending one entry.
package enum AuditAppendResult: Sendable, Hashable {
    /// Stored now.
    case stored(AuditRecord)
    /// An entry with this event id was stored before; nothing was written.
    case alreadyStored
}

/// The outcome of a batched append.
package struct AuditBatchResult: Sendable, Hashable {
    /// How many entries were written.
    package var stored: Int
    /// The event ids that were already stored (or repeated in the batch) and skipped.
    package var alreadyStored: [UUID]
    /// The chain's head after the batch, when it stored anything.
    package var head: AuditChainHead? = nil
}
