package import FoundationEssentials

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
