package import FoundationEssentials
import TodoDomain

/// ``TaskStore`` on PostgreSQL or SQLite: the SQL is shared and differs only where the dialects do
/// (row locks, JSON tag filters, case-insensitive search).
package struct SQLTaskStore: TaskStore {
    let database: any SQLDatabase
    let now: @Sendable () -> Date
    /// PostgreSQL's group commit of concurrent one-event creates (``createGroup(database:now:)``); nil on SQLite,
    /// whose writer groups commits itself.
    let creates: GroupCommit<GroupedCreate, TaskCreation>?

    /// Makes a store over `database`, stamping times from `now`.
    package init(database: any SQLDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(database: database, now: now, grouped: true)
    }

    /// Makes a store; `grouped` false leaves out the group commit (the store that runs its batches).
    init(database: any SQLDatabase, now: @escaping @Sendable () -> Date, grouped: Bool) {
        self.database = database
        self.now = now
        creates = grouped ? Self.createGroup(database: database, now: now) : nil
    }

    static let columns = """
        id, user_id, title, description, status, priority, tags, due_at, time_zone, remind_at, recurrence_rule_id, \
        generation_key, created_at, updated_at, completed_at, version
        """
    /// The columns written besides ``columns``: the folded text search and the title sort compare (``SearchFolding``).
    static let insert = """
        INSERT INTO tasks (\(columns), title_folded, description_folded)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        ON CONFLICT (generation_key) WHERE generation_key IS NOT NULL DO NOTHING
        """

    /// ``TaskStore/create`` on this backend; see the protocol for the contract.
    ///
    /// The binds and `events` are made before the transaction, on the caller's thread, so the single SQLite writer
    /// thread (which every create goes through) only runs the inserts. `events` is therefore called even when the
    /// generation key exists; its messages (or its error) are then dropped, as the contract says.
    package func create(_ new: NewTask, events: @escaping OutboxEvents<TaskRecord>) async throws -> TaskCreation {
        let task = record(new, at: now())
        let now = task.createdAt
        let binds = Self.binds(task)
        let messages = Result { try events(task) }
        if let companion = TaskChangeCompanion.take() {
            return try await create(task, binds: binds, messages: messages, companion: companion)
        }
        if database.dialect == .postgres, case .success(let created) = messages, created.count == 1 {
            guard let creates else { return try await createInOneStatement(task, binds: binds, message: created[0]) }
            return try await creates.submit(GroupedCreate(task: task, binds: binds, message: created[0]))
        }
        return try await database.transaction { executor in
            let inserted = try executor.execute(Self.insert, binds)
            guard inserted == 1 else {
                let existing = try executor.query(
                    "SELECT \(Self.columns) FROM tasks WHERE generation_key = $1", [.optional(new.generationKey, SQLValue.text)])
                return TaskCreation(task: try Self.task(try existing.first.required("generation_key")), created: false)
            }
            try OutboxWriter.write(try messages.get(), to: executor, createdAt: now)
            return TaskCreation(task: task, created: true)
        }
    }

    /// ``TaskStore/get`` on this backend; see the protocol for the contract.
    package func get(id: UUID, userID: String) async throws -> TaskRecord? {
        try await database.read { executor in
            try executor.query("SELECT \(Self.columns) FROM tasks WHERE id = $1 AND user_id = $2", [.uuid(id), .text(userID)])
                .first.map(Self.task)
        }
    }

    /// ``TaskStore/list`` on this backend; see the protocol for the contract.
    package func list(_ filter: TaskFilter) async throws -> TaskPage {
        let query = try TaskListQuery(filter: filter)
        return try await database.read { executor in
            let (sql, binds) = query.sql(for: executor.dialect)
            var tasks = try executor.query(sql, binds).map(Self.task)
            var next: String?
            if tasks.count > query.limit {
                tasks.removeLast(tasks.count - query.limit)
                next = tasks.last.map { TaskListQuery.cursor(after: $0, filter: filter) }
            }
            return TaskPage(tasks: tasks, nextCursor: next)
        }
    }

    /// ``TaskStore/update`` on this backend; see the protocol for the contract.
    package func update(
        id: UUID, userID: String, expectedVersion: Int64?, changes: TaskChanges,
        events: @escaping OutboxEvents<TaskRecord>
    ) async throws -> TaskRecord {
        try await mutate(id: id, userID: userID, expectedVersion: expectedVersion, events: events) { changes.applied(to: $0) }
    }

    /// ``TaskStore/setCompleted`` on this backend; see the protocol for the contract.
    package func setCompleted(
        id: UUID, userID: String, completed: Bool, expectedVersion: Int64?, events: @escaping OutboxEvents<TaskRecord>
    ) async throws -> TaskRecord {
        let now = now()
        return try await mutate(id: id, userID: userID, expectedVersion: expectedVersion, events: events) { task in
            var task = task
            task.status = completed ? .completed : .pending
            task.completedAt = completed ? now : nil
            return task
        }
    }

    /// ``TaskStore/delete`` on this backend; see the protocol for the contract.
    package func delete(id: UUID, userID: String, expectedVersion: Int64?, events: @escaping OutboxEvents<TaskRecord>)
        async throws -> TaskRecord
    {
        try await mutate(id: id, userID: userID, expectedVersion: expectedVersion, events: events) { task in
            var task = task
            task.status = .deleted
            return task
        }
    }

    /// Reads the row under a lock, checks the version, writes `change(row)` with version + 1, writes the events.
    private func mutate(
        id: UUID, userID: String, expectedVersion: Int64?, events: @escaping OutboxEvents<TaskRecord>,
        change: @escaping @Sendable (TaskRecord) -> TaskRecord
    ) async throws -> TaskRecord {
        let now = now()
        return try await database.transaction { executor in
            let current = try Self.locked(id: id, userID: userID, expectedVersion: expectedVersion, in: executor)
            var task = change(current)
            task.version = current.version + 1
            task.updatedAt = now
            try Self.write(task, replacingVersion: current.version, in: executor)
            try OutboxWriter.write(try events(task), to: executor, createdAt: now)
            return task
        }
    }

    /// The row a new task is stored as: pending, version 1, created and updated at `now`.
    func record(_ new: NewTask, at now: Date) -> TaskRecord {
        TaskRecord(
            id: new.id, userID: new.userID, title: new.title, description: new.description, status: .pending,
            priority: new.priority, tags: new.tags, dueAt: new.dueAt, timeZone: new.timeZone, remindAt: new.remindAt,
            recurrenceRuleID: new.recurrenceRuleID, generationKey: new.generationKey, createdAt: now, updatedAt: now,
            completedAt: nil, version: 1)
    }

    static func binds(_ task: TaskRecord) -> [SQLValue] {
        let tags = TagsJSON.encode(task.tags)
        return [
            .uuid(task.id), .text(task.userID), .text(task.title), .optional(task.description, SQLValue.text),
            .text(task.status.rawValue), .text(task.priority.rawValue), .json(tags), .optional(task.dueAt, SQLValue.date),
            .optional(task.timeZone, SQLValue.text), .optional(task.remindAt, SQLValue.date),
            .optional(task.recurrenceRuleID, SQLValue.uuid), .optional(task.generationKey, SQLValue.text),
            .date(task.createdAt), .date(task.updatedAt), .optional(task.completedAt, SQLValue.date), .int(task.version),
            .text(SearchFolding.fold(task.title)), .text(SearchFolding.fold(task.description ?? "")),
        ]
    }

    static func task(_ row: any SQLRow) throws -> TaskRecord {
        let tagsText = try row.string(6).required("tags")
        guard let tags = try? JSONDecoder().decode([String].self, from: Data(tagsText.utf8)) else {
            throw StorageError(.corruptData, message: "tags are not a JSON array of strings: \(tagsText.prefix(64))")
        }
        return TaskRecord(
            id: try row.uuid(0).required("id"), userID: try row.string(1).required("user_id"),
            title: try row.string(2).required("title"), description: try row.string(3),
            status: TaskStatus(rawValue: try row.string(4).required("status")),
            priority: TaskPriority(rawValue: try row.string(5).required("priority")), tags: tags,
            dueAt: try row.date(7), timeZone: try row.string(8), remindAt: try row.date(9),
            recurrenceRuleID: try row.uuid(10), generationKey: try row.string(11),
            createdAt: try row.date(12).required("created_at"), updatedAt: try row.date(13).required("updated_at"),
            completedAt: try row.date(14), version: try row.int(15).required("version"))
    }
}
