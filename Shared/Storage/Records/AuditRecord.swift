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
    /// The link: SHA-256 (version 1) or HMAC-SHA256 under the chain key (version 2) of previousHash ‖ the entry's
    /// canonical bytes (``AuditCanonicalForm``).
    package var hash: [UInt8]
    /// How `hash` is computed: 1 (keyless, the rows written before the chain had a key) or 2 (keyed).
    package var chainVersion: Int = 1
}
