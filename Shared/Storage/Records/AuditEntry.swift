package import FoundationEssentials

/// An event to record in the audit log.
package struct NewAuditEntry: Sendable, Hashable {
    /// The CloudEvent id; an entry is stored once per id.
    package var eventID: UUID
    /// The CloudEvent type.
    package var type: String
    /// The CloudEvent source.
    package var source: String
    /// The CloudEvent subject (such as the task id).
    package var subject: String?
    /// Who caused it: the user id.
    package var actor: String?
    /// The event data as JSON text, stored byte for byte (it is hashed).
    package var payload: String
    /// The CloudEvent time.
    package var eventTime: Date
    /// When the audit log received it.
    package var receivedAt: Date

    /// Makes an entry.
    package init(
        eventID: UUID, type: String, source: String, subject: String? = nil, actor: String? = nil, payload: String,
        eventTime: Date, receivedAt: Date
    ) {
        self.eventID = eventID
        self.type = type
        self.source = source
        self.subject = subject
        self.actor = actor
        self.payload = payload
        self.eventTime = eventTime
        self.receivedAt = receivedAt
    }
}

/// An audit entry as stored: the entry, its place in the chain and its hashes.
package struct AuditRecord: Sendable, Hashable {
    /// 1, 2, 3, … without gaps.
    package var sequence: Int64
    /// The entry.
    package var entry: NewAuditEntry
    /// The previous entry's hash (32 zero bytes for the first).
    package var previousHash: [UInt8]
    /// SHA-256(previousHash ‖ canonical bytes of the entry).
    package var hash: [UInt8]
}

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
}

/// Which audit entries to read, in sequence order.
package struct AuditQuery: Sendable, Hashable {
    /// Only this event type.
    package var type: String?
    /// Only this actor (user id).
    package var actor: String?
    /// Only events at or after this time.
    package var from: Date?
    /// Only events before this time.
    package var to: Date?
    /// Only entries after this sequence (the previous page's `nextCursor`).
    package var afterSequence: Int64?
    /// The page size (1…1000).
    package var limit: Int

    /// Makes a query.
    package init(
        type: String? = nil, actor: String? = nil, from: Date? = nil, to: Date? = nil, afterSequence: Int64? = nil,
        limit: Int = 100
    ) {
        self.type = type
        self.actor = actor
        self.from = from
        self.to = to
        self.afterSequence = afterSequence
        self.limit = limit
    }
}

/// One page of audit entries.
package struct AuditPage: Sendable, Hashable {
    /// The entries, in sequence order.
    package var entries: [AuditRecord]
    /// The sequence to pass as `afterSequence` for the next page; nil on the last page.
    package var nextCursor: Int64?
}

/// The first entry whose chain link does not verify.
package struct AuditChainBreak: Sendable, Hashable, CustomStringConvertible {
    /// Its sequence.
    package var sequence: Int64
    /// Its event id.
    package var eventID: UUID
    /// Why it fails.
    package var reason: String

    /// `"entry 12 (<event id>): reason"`.
    package var description: String { "entry \(sequence) (\(eventID.uuidString.lowercased())): \(reason)" }
}
