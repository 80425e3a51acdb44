import FoundationEssentials
import PostgresClient

/// The SELECT behind ``SQLTaskStore/list(_:)``: filters, keyset pagination on (created_at, id).
struct TaskListQuery: Sendable {
    let filter: TaskFilter
    let limit: Int
    let after: (micros: Int64, id: UUID)?

    init(filter: TaskFilter) throws {
        self.filter = filter
        self.limit = min(max(filter.limit, 1), 1000)
        if let cursor = filter.cursor {
            let parts = cursor.split(separator: "_")
            guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
                throw StorageError(.invalidInput, message: "not a task cursor: \(cursor.prefix(80))")
            }
            after = (micros, id)
        } else {
            after = nil
        }
    }

    /// The opaque cursor pointing just after `task`.
    static func cursor(after task: TaskRecord) -> String {
        "\(PostgresTimestamp.microseconds(task.createdAt))_\(task.id.uuidString.lowercased())"
    }

    func sql(for dialect: SQLDialect) -> (String, [SQLValue]) {
        var conditions = ["user_id = $1"]
        var binds: [SQLValue] = [.text(filter.userID)]
        func bind(_ value: SQLValue) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let status = filter.status {
            conditions.append("status = \(bind(.text(status.rawValue)))")
        } else {
            conditions.append("status <> 'deleted'")
        }
        if let priority = filter.priority { conditions.append("priority = \(bind(.text(priority.rawValue)))") }
        if let tag = filter.tag {
            conditions.append(
                dialect == .postgres
                    ? "tags ? \(bind(.text(tag)))"
                    : "EXISTS (SELECT 1 FROM json_each(tasks.tags) WHERE json_each.value = \(bind(.text(tag))))")
        }
        if let from = filter.dueFrom { conditions.append("due_at >= \(bind(.date(from)))") }
        if let before = filter.dueBefore { conditions.append("due_at < \(bind(.date(before)))") }
        if let search = filter.search, !search.isEmpty {
            let escaped = search.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
            let pattern = bind(.text("%\(escaped)%"))
            let like = dialect == .postgres ? "ILIKE" : "LIKE"
            conditions.append(
                "(title \(like) \(pattern) ESCAPE '\\' OR coalesce(description, '') \(like) \(pattern) ESCAPE '\\')")
        }
        if let after {
            let created = bind(.date(PostgresTimestamp.date(microseconds: after.micros)))
            let id = bind(.uuid(after.id))
            conditions.append("(created_at > \(created) OR (created_at = \(created) AND id > \(id)))")
        }
        let sql = """
            SELECT \(SQLTaskStore.columns) FROM tasks WHERE \(conditions.joined(separator: " AND "))
            ORDER BY created_at, id LIMIT \(limit + 1)
            """
        return (sql, binds)
    }
}
