package import FoundationEssentials

/// Every store over one database, as a function wires them.
package struct Stores: Sendable {
    /// Tasks.
    package let tasks: any TaskStore
    /// Recurrence rules.
    package let recurrenceRules: any RecurrenceRuleStore
    /// Reminders.
    package let reminders: any ReminderStore
    /// The audit log.
    package let audit: any AuditStore
    /// The outbox.
    package let outbox: any OutboxStore
    /// The idempotency marks of event consumers.
    package let processedEvents: any ProcessedEventStore
    /// Chat conversations.
    package let conversations: any ConversationStore
    /// Users' settings.
    package let settings: any SettingsStore
    /// The database under every store (a function closes it when it stops).
    package let database: any SQLDatabase

    /// Builds the stores over `database`.
    /// - Parameters:
    ///   - database: the database (migrated).
    ///   - hasher: SHA-256 and HMAC-SHA256 for the audit chain.
    ///   - auditChainKey: the audit chain's HMAC key (audit-log's, from the secret store); nil writes keyless links.
    ///   - now: the clock.
    ///   - outboxTopics: the topics this function's relay publishes (nil: every topic). Functions share the outbox
    ///     table of a database; each relays only the topics it owns, which Dapr's publishing scopes also allow it.
    package init(
        database: any SQLDatabase, hasher: any AuditHasher = CryptoAuditHasher(), auditChainKey: [UInt8]? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, outboxTopics: [String]? = nil
    ) {
        tasks = SQLTaskStore(database: database, now: now)
        recurrenceRules = SQLRecurrenceRuleStore(database: database, now: now)
        reminders = SQLReminderStore(database: database, now: now)
        audit = SQLAuditStore(database: database, hasher: hasher, chainKey: auditChainKey)
        outbox = SQLOutboxStore(database: database, topics: outboxTopics, now: now)
        processedEvents = SQLProcessedEventStore(database: database, now: now)
        conversations = SQLConversationStore(database: database, now: now)
        settings = SQLSettingsStore(database: database, now: now)
        self.database = database
    }
}
