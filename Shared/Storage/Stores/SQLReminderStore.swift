package import FoundationEssentials

/// ``ReminderStore`` on PostgreSQL or SQLite.
package struct SQLReminderStore: ReminderStore {
    static let columns =
        "id, task_id, user_id, trigger_at, status, job_name, delivered_at, created_at, updated_at, before_due"
    static let insert = "INSERT INTO reminders (\(columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    private let database: any SQLDatabase
    private let now: @Sendable () -> Date

    /// Makes a store over `database`.
    package init(database: any SQLDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// ``ReminderStore/create`` on this backend; see the protocol for the contract.
    package func create(_ new: NewReminder, events: @escaping OutboxEvents<ReminderRecord>) async throws
        -> ReminderRecord
    {
        let now = now()
        let reminder = new.record(at: now)
        return try await database.transaction { executor in
            try executor.execute(Self.insert, Self.binds(reminder))
            try OutboxWriter.write(try events(reminder), to: executor, createdAt: now)
            return reminder
        }
    }

    /// ``ReminderStore/get`` on this backend; see the protocol for the contract.
    package func get(id: UUID) async throws -> ReminderRecord? {
        try await database.read { executor in
            try executor.query("SELECT \(Self.columns) FROM reminders WHERE id = $1", [.uuid(id)]).first.map(Self.reminder)
        }
    }

    /// ``ReminderStore/list`` on this backend; see the protocol for the contract.
    package func list(taskID: UUID) async throws -> [ReminderRecord] {
        try await database.read { executor in
            try executor.query(
                "SELECT \(Self.columns) FROM reminders WHERE task_id = $1 ORDER BY trigger_at, id", [.uuid(taskID)]
            ).map(Self.reminder)
        }
    }

    /// ``ReminderStore/transition`` on this backend; see the protocol for the contract.
    package func transition(
        id: UUID, from: Set<ReminderStatus>, to status: ReminderStatus, events: @escaping OutboxEvents<ReminderRecord>
    ) async throws -> ReminderRecord? {
        let now = now()
        return try await database.transaction { executor in
            let lock = executor.dialect == .postgres ? " FOR UPDATE" : ""
            guard
                let current = try executor.query(
                    "SELECT \(Self.columns) FROM reminders WHERE id = $1\(lock)", [.uuid(id)]
                ).first.map(Self.reminder)
            else {
                throw StorageError(.notFound, message: "no reminder \(id.uuidString.lowercased())")
            }
            guard from.contains(current.status) else { return nil }
            var reminder = current
            reminder.status = status
            reminder.updatedAt = now
            if status == .delivered { reminder.deliveredAt = now }
            try executor.execute(
                "UPDATE reminders SET status = $2, delivered_at = $3, updated_at = $4 WHERE id = $1",
                [.uuid(id), .text(status.rawValue), .optional(reminder.deliveredAt, SQLValue.date), .date(now)])
            try OutboxWriter.write(try events(reminder), to: executor, createdAt: now)
            return reminder
        }
    }

    /// ``ReminderStore/cancelPending`` on this backend; see the protocol for the contract.
    package func cancelPending(taskID: UUID, events: @escaping OutboxEvents<ReminderRecord>) async throws
        -> [ReminderRecord]
    {
        let now = now()
        return try await database.transaction { executor in
            let cancelled = try executor.query(
                """
                UPDATE reminders SET status = 'cancelled', updated_at = $2 WHERE task_id = $1 AND status = 'pending'
                RETURNING \(Self.columns)
                """, [.uuid(taskID), .date(now)]
            ).map(Self.reminder).sorted { ($0.triggerAt, $0.id.uuidString) < ($1.triggerAt, $1.id.uuidString) }
            for reminder in cancelled { try OutboxWriter.write(try events(reminder), to: executor) }
            return cancelled
        }
    }

    /// ``ReminderStore/due`` on this backend; see the protocol for the contract.
    package func due(before instant: Date, limit: Int) async throws -> [ReminderRecord] {
        try await database.read { executor in
            try executor.query(
                """
                SELECT \(Self.columns) FROM reminders WHERE status = 'pending' AND trigger_at < $1
                ORDER BY trigger_at, id LIMIT $2
                """, [.date(instant), .int(Int64(min(max(limit, 1), 1000)))]
            ).map(Self.reminder)
        }
    }

    static func binds(_ reminder: ReminderRecord) -> [SQLValue] {
        [
            .uuid(reminder.id), .uuid(reminder.taskID), .text(reminder.userID), .date(reminder.triggerAt),
            .text(reminder.status.rawValue), .text(reminder.jobName), .optional(reminder.deliveredAt, SQLValue.date),
            .date(reminder.createdAt), .date(reminder.updatedAt), .optional(reminder.beforeDue, SQLValue.text),
        ]
    }

    static func reminder(_ row: any SQLRow) throws -> ReminderRecord {
        ReminderRecord(
            id: try row.uuid(0).required("id"), taskID: try row.uuid(1).required("task_id"),
            userID: try row.string(2).required("user_id"), triggerAt: try row.date(3).required("trigger_at"),
            beforeDue: try row.string(9), status: ReminderStatus(rawValue: try row.string(4).required("status")),
            jobName: try row.string(5).required("job_name"), deliveredAt: try row.date(6),
            createdAt: try row.date(7).required("created_at"), updatedAt: try row.date(8).required("updated_at"))
    }
}
