package import FoundationEssentials
import TodoDomain

/// The task, its rule, its reminders and their events in one transaction.
extension SQLTaskStore {
    /// ``TaskStore/create(_:rule:reminders:events:)`` on this backend; see the protocol for the contract.
    package func create(
        _ new: NewTask, rule: NewRecurrenceRule?, reminders: [NewReminder], events: @escaping OutboxEvents<TaskAggregate>
    ) async throws -> TaskAggregateCreation {
        guard reminders.allSatisfy({ $0.taskID == new.id && $0.userID == new.userID }) else {
            throw StorageError(.invalidInput, message: "a new task's reminders must name the task and its owner")
        }
        let now = self.now()
        let task = record(new, at: now)
        let aggregate = TaskAggregate(task: task, reminders: reminders.map { $0.record(at: now) })
        let binds = Self.binds(task)
        let companion = TaskChangeCompanion.take()
        return try await TaskChangeCompanion.committing(companion) {
            try await database.transaction { executor in
                if let rule { try SQLRecurrenceRuleStore.insert(rule, at: now, into: executor) }
                guard try executor.execute(Self.insert, binds) == 1 else {
                    let existing = try executor.query(
                        "SELECT \(Self.columns) FROM tasks WHERE generation_key = $1",
                        [.optional(new.generationKey, SQLValue.text)])
                    let stored = try Self.task(try existing.first.required("generation_key"))
                    let reminders = try Self.reminders(of: [stored.id], in: executor)[stored.id] ?? []
                    try companion?.write(stored, at: now, into: executor)
                    return TaskAggregateCreation(aggregate: TaskAggregate(task: stored, reminders: reminders), created: false)
                }
                for reminder in aggregate.reminders {
                    try executor.execute(SQLReminderStore.insert, SQLReminderStore.binds(reminder))
                }
                try OutboxWriter.write(try events(aggregate), to: executor, createdAt: now)
                try companion?.write(task, at: now, into: executor)
                return TaskAggregateCreation(aggregate: aggregate, created: true)
            }
        }
    }

    /// ``TaskStore/aggregate(id:userID:)`` on this backend; see the protocol for the contract.
    package func aggregate(id: UUID, userID: String) async throws -> TaskAggregate? {
        try await database.read { executor in
            let rows = try executor.query(
                "SELECT \(Self.columns) FROM tasks WHERE id = $1 AND user_id = $2", [.uuid(id), .text(userID)])
            guard let task = try rows.first.map(Self.task) else { return nil }
            return TaskAggregate(task: task, reminders: try Self.reminders(of: [id], in: executor)[id] ?? [])
        }
    }

    /// ``TaskStore/reminders(of:)`` on this backend; see the protocol for the contract.
    package func reminders(of taskIDs: [UUID]) async throws -> [UUID: [ReminderRecord]] {
        guard !taskIDs.isEmpty else { return [:] }
        return try await database.read { try Self.reminders(of: taskIDs, in: $0) }
    }

    /// ``TaskStore/modify(id:userID:expectedVersion:_:)`` on this backend; see the protocol for the contract.
    package func modify(
        id: UUID, userID: String, expectedVersion: Int64?,
        _ change: @escaping @Sendable (TaskAggregate, Date) throws -> TaskModification
    ) async throws -> TaskAggregate {
        let now = self.now()
        let companion = TaskChangeCompanion.take()
        return try await TaskChangeCompanion.committing(companion) {
            try await modify(id: id, userID: userID, expectedVersion: expectedVersion, at: now, companion: companion, change)
        }
    }

    private func modify(
        id: UUID, userID: String, expectedVersion: Int64?, at now: Date, companion: TaskChangeCompanion?,
        _ change: @escaping @Sendable (TaskAggregate, Date) throws -> TaskModification
    ) async throws -> TaskAggregate {
        try await database.transaction { executor in
            let current = try Self.locked(id: id, userID: userID, expectedVersion: expectedVersion, in: executor)
            let stored = TaskAggregate(task: current, reminders: try Self.reminders(of: [id], in: executor)[id] ?? [])
            let modification = try change(stored, now)
            var result = stored
            if let rule = modification.newRule { try SQLRecurrenceRuleStore.insert(rule, at: now, into: executor) }
            if let retired = modification.retiredRuleID {
                try executor.execute(
                    "UPDATE recurrence_rules SET active = $2, updated_at = $3 WHERE id = $1",
                    [.uuid(retired), .bool(false), .date(now)])
            }
            if var task = modification.task {
                task.version = current.version + 1
                task.updatedAt = now
                try Self.write(task, replacingVersion: current.version, in: executor)
                result.task = task
            }
            var reminders = result.reminders
            for var reminder in modification.changedReminders {
                guard let index = reminders.firstIndex(where: { $0.id == reminder.id }) else {
                    throw StorageError(.invalidInput, message: "reminder \(reminder.id) is not one of the task's")
                }
                reminder.updatedAt = now
                try executor.execute(
                    "UPDATE reminders SET trigger_at = $2, status = $3, updated_at = $4 WHERE id = $1",
                    [.uuid(reminder.id), .date(reminder.triggerAt), .text(reminder.status.rawValue), .date(now)])
                reminders[index] = reminder
            }
            for new in modification.newReminders {
                guard new.taskID == id, new.userID == userID else {
                    throw StorageError(.invalidInput, message: "a new reminder must name the task and its owner")
                }
                let reminder = new.record(at: now)
                try executor.execute(SQLReminderStore.insert, SQLReminderStore.binds(reminder))
                reminders.append(reminder)
            }
            result = TaskAggregate(task: result.task, reminders: reminders)
            try OutboxWriter.write(try modification.events(result), to: executor, createdAt: now)
            try companion?.write(result.task, at: now, into: executor)
            return result
        }
    }

    /// The task row for a change: locked on PostgreSQL (SQLite has one writer), not deleted, at `expectedVersion`.
    static func locked(id: UUID, userID: String, expectedVersion: Int64?, in executor: any SQLExecutor) throws
        -> TaskRecord
    {
        let lock = executor.dialect == .postgres ? " FOR UPDATE" : ""
        let rows = try executor.query(
            "SELECT \(Self.columns) FROM tasks WHERE id = $1 AND user_id = $2\(lock)", [.uuid(id), .text(userID)])
        guard let current = try rows.first.map(Self.task), current.status != .deleted else {
            throw StorageError(.notFound, message: "no task \(id.uuidString.lowercased()) for \(userID)")
        }
        if let expectedVersion, expectedVersion != current.version {
            throw StorageError(.versionConflict, message: "task is at version \(current.version), not \(expectedVersion)")
        }
        return current
    }

    /// Writes every column of `task` over the row at `replacingVersion`.
    static func write(_ task: TaskRecord, replacingVersion version: Int64, in executor: any SQLExecutor) throws {
        try executor.execute(
            """
            UPDATE tasks SET title = $3, description = $4, status = $5, priority = $6, tags = $7, due_at = $8,
            time_zone = $9, remind_at = $10, recurrence_rule_id = $11, generation_key = $12, created_at = $13,
            updated_at = $14, completed_at = $15, version = $16, title_folded = $17, description_folded = $18
            WHERE id = $1 AND user_id = $2 AND version = $19
            """, binds(task) + [.int(version)])
    }

    /// The reminders of `taskIDs`, each task's by trigger time.
    static func reminders(of taskIDs: [UUID], in executor: any SQLExecutor) throws -> [UUID: [ReminderRecord]] {
        let placeholders = taskIDs.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let rows = try executor.query(
            "SELECT \(SQLReminderStore.columns) FROM reminders WHERE task_id IN (\(placeholders)) ORDER BY trigger_at, id",
            taskIDs.map(SQLValue.uuid))
        var byTask: [UUID: [ReminderRecord]] = [:]
        for row in rows {
            let reminder = try SQLReminderStore.reminder(row)
            byTask[reminder.taskID, default: []].append(reminder)
        }
        return byTask
    }
}
