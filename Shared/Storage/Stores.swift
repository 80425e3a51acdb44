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
    /// Chat conversations.
    package let conversations: any ConversationStore
    /// Users' settings.
    package let settings: any SettingsStore

    /// Builds the stores over `database`.
    /// - Parameters:
    ///   - database: the database (migrated).
    ///   - hasher: SHA-256 for the audit chain.
    ///   - now: the clock.
    package init(
        database: any SQLDatabase, hasher: any AuditHasher = CryptoAuditHasher(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        tasks = SQLTaskStore(database: database, now: now)
        recurrenceRules = SQLRecurrenceRuleStore(database: database, now: now)
        reminders = SQLReminderStore(database: database, now: now)
        audit = SQLAuditStore(database: database, hasher: hasher)
        outbox = SQLOutboxStore(database: database, now: now)
        conversations = SQLConversationStore(database: database, now: now)
        settings = SQLSettingsStore(database: database, now: now)
    }
}
