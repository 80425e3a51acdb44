import FoundationEssentials
import HTTPTypes
import Storage
import Testing

/// The calls a user of the REST API makes, over a `Stack`.
struct TaskClient: Sendable {
    let stack: Stack
    let user: String
    let token: String

    init(stack: Stack, user: String) throws {
        self.stack = stack
        self.user = user
        token = try stack.token(user)
    }

    /// POST a task; returns its id, or nil with the status when not created.
    func create(_ title: String) async throws -> String {
        let response = try await stack.send(.post, "/api/\(user)/tasks", token: token, json: #"{"title":"\#(title)"}"#)
        try #require(response.status.code == 201, "create: \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        return try Body.decode(Body.Task.self, response.body).id
    }

    func patch(_ id: String, json: String) async throws {
        let response = try await stack.send(.patch, "/api/\(user)/tasks/\(id)", token: token, json: json)
        try #require(response.status.code == 200, "patch: \(response.status)")
    }

    func toggle(_ id: String) async throws {
        let response = try await stack.send(.patch, "/api/\(user)/tasks/\(id)/complete", token: token)
        try #require(response.status.code == 200, "toggle: \(response.status)")
    }

    func delete(_ id: String) async throws {
        let response = try await stack.send(.delete, "/api/\(user)/tasks/\(id)", token: token)
        try #require(response.status.code == 204, "delete: \(response.status)")
    }
}

/// The JSON bodies the tests read.
enum Body {
    struct Task: Decodable { var id: String; var status: String; var version: Int }
    struct Error: Decodable {
        struct Detail: Decodable { var message: String }
        var error: Detail
    }
    struct AuditEntry: Decodable {
        var sequence: Int64; var eventId: String; var type: String; var subject: String?; var actor: String?
    }
    struct AuditPage: Decodable { var entries: [AuditEntry]; var nextCursor: String? }
    struct Verification: Decodable { var valid: Bool }
    struct TaskPage: Decodable { var tasks: [Task]; var nextCursor: String? }

    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(body))
    }
}

/// Every audit record, read from the database page by page.
enum AuditRows {
    static func all(_ audit: any AuditStore) async throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        var cursor: Int64?
        repeat {
            let page = try await audit.query(AuditQuery(afterSequence: cursor, limit: 1000))
            records += page.entries
            cursor = page.nextCursor
        } while cursor != nil
        return records
    }

    /// Polls until `count` rows are stored (or `limit` passes); returns the rows.
    static func waitFor(_ count: Int, in audit: any AuditStore, within limit: Duration = .seconds(60)) async throws
        -> [AuditRecord]
    {
        let deadline = ContinuousClock.now + limit
        var rows = try await all(audit)
        while rows.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            rows = try await all(audit)
        }
        return rows
    }
}
