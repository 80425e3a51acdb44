import Crypto
import FoundationEssentials
import PostgresClient
import TodoDomain

/// The SELECT behind ``SQLTaskStore/list(_:)``: filters, then keyset pagination on (sort key, id).
///
/// A cursor is base64url of `<sort>:<a|d>:<key>:<id>`: the sort it was made for (a cursor of another sort or order
/// is refused), and the last task's sort key (micro-seconds, a priority rank, or the folded title) and id. Tasks
/// without a due date sort with a key after every real date, so they come last ascending.
struct TaskListQuery: Sendable {
    let filter: TaskFilter
    let limit: Int
    let after: (key: SQLValue, id: UUID)?

    /// The due key of a task without a due date: after every date a task can carry.
    static let undated = Date(timeIntervalSince1970: 253_402_300_799)  // 9999-12-31T23:59:59Z

    init(filter: TaskFilter) throws {
        self.filter = filter
        self.limit = min(max(filter.limit, 1), 1000)
        guard let cursor = filter.cursor else {
            after = nil
            return
        }
        let invalid = StorageError(.invalidInput, message: "not a cursor of this list's sort and order: \(cursor.prefix(80))")
        guard let bytes = try? Base64URL.decode(cursor) else { throw invalid }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == filter.sort.rawValue, parts[1] == (filter.descending ? "d" : "a"),
            let id = UUID(uuidString: String(parts[3]))
        else { throw invalid }
        switch filter.sort {
        case .title:
            guard let title = try? Base64URL.decode(String(parts[2])) else { throw invalid }
            after = (.text(String(decoding: title, as: UTF8.self)), id)
        case .priority:
            guard let rank = Int64(parts[2]) else { throw invalid }
            after = (.int(rank), id)
        case .due, .created, .updated:
            guard let micros = Int64(parts[2]) else { throw invalid }
            after = (.date(PostgresTimestamp.date(microseconds: micros)), id)
        }
    }

    /// The opaque cursor pointing just after `task` in `filter`'s order.
    static func cursor(after task: TaskRecord, filter: TaskFilter) -> String {
        let key: String
        switch filter.sort {
        case .due: key = String(PostgresTimestamp.microseconds(task.dueAt ?? undated))
        case .priority: key = String(rank(task.priority))
        case .created: key = String(PostgresTimestamp.microseconds(task.createdAt))
        case .updated: key = String(PostgresTimestamp.microseconds(task.updatedAt))
        case .title: key = Base64URL.encode(Array(SearchFolding.fold(task.title).utf8))
        }
        let text = "\(filter.sort.rawValue):\(filter.descending ? "d" : "a"):\(key):\(task.id.uuidString.lowercased())"
        return Base64URL.encode(Array(text.utf8))
    }

    static func rank(_ priority: TaskPriority) -> Int {
        switch priority {
        case .high: 3
        case .medium: 2
        case .low: 1
        default: 0
        }
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
        if let search = filter.search.map(SearchFolding.fold), !search.isEmpty {
            let escaped = search.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
            let pattern = bind(.text("%\(escaped)%"))
            conditions.append("(title_folded LIKE \(pattern) ESCAPE '\\' OR description_folded LIKE \(pattern) ESCAPE '\\')")
        }
        let key = sortExpression(dialect, bind)
        let direction = filter.descending ? "DESC" : "ASC"
        if let after {
            let (value, id) = (bind(after.key), bind(.uuid(after.id)))
            let beyond = filter.descending ? "<" : ">"
            conditions.append("(\(key) \(beyond) \(value) OR (\(key) = \(value) AND id \(beyond) \(id)))")
        }
        let sql = """
            SELECT \(SQLTaskStore.columns) FROM tasks WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(key) \(direction), id \(direction) LIMIT \(limit + 1)
            """
        return (sql, binds)
    }

    private func sortExpression(_ dialect: SQLDialect, _ bind: (SQLValue) -> String) -> String {
        switch filter.sort {
        case .due: "coalesce(due_at, \(bind(.date(Self.undated))))"
        case .priority: "(CASE priority WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)"
        case .created: "created_at"
        case .updated: "updated_at"
        case .title: dialect == .postgres ? "title_folded COLLATE \"C\"" : "title_folded"
        }
    }
}
