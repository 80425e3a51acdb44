import Authentication
import CloudEvents
import Crypto
import EventRelay
import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import JSON
import Storage
import Testing
import TodoDomain

@testable import task_crud

/// The two databases every task-crud test runs on.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let serverURL =
        ProcessInfo.processInfo.environment["TODOFN_TEST_DATABASE_URL"] ?? "postgresql://todofn:todofn@127.0.0.1:54329/todofn"

    /// Runs `body` with task-crud over a fresh, migrated database of this backend (a temporary SQLite file or a
    /// private PostgreSQL schema), removed afterwards.
    func withAPI(appToken: String? = nil, _ body: (TaskAPI) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appending(path: "task-crud-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            try await run(path, appToken: appToken, body)
        case .postgres:
            let schema = "tc_" + String(UUID().uuidString.lowercased().filter { $0 != "-" })
            let admin = try await StorageDatabase.open(Self.serverURL, poolSize: 1)
            try await admin.withoutTransaction { try $0.executeScript("CREATE SCHEMA \(schema)") }
            let url = Self.serverURL + (Self.serverURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
            do {
                try await run(url, appToken: appToken, body)
            } catch {
                _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                await admin.close()
                throw error
            }
            _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
            await admin.close()
        }
    }

    private func run(_ location: String, appToken: String?, _ body: (TaskAPI) async throws -> Void) async throws {
        let database = try await StorageDatabase.open(location, poolSize: 2)
        do {
            try await Migrator(database: database).migrate()
            try await body(TaskAPI(database: database, appToken: appToken))
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }
}

/// task-crud's handler behind the whole runtime (routes, tokens, error rendering), with its stores.
struct TaskAPI: Sendable {
    static let secret = Array("task-crud-test-secret".utf8)

    let database: any SQLDatabase
    let stores: Stores
    let client: FunctionTestClient
    let handler: TaskCrudHandler

    init(database: any SQLDatabase, appToken: String?) {
        self.database = database
        stores = Stores(database: database)
        /// A relay that is never run: the tests read the outbox as the transaction left it.
        let relay = OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: NoPublisher()))
        handler = TaskCrudHandler(
            tasks: stores.tasks, rules: stores.recurrenceRules, conversations: stores.conversations,
            settings: stores.settings,
            authenticator: BearerAuthenticator(signer: JWTSigner(secret: Self.secret)), relay: relay)
        var configuration = Configuration()
        configuration.appAPIToken = appToken
        client = FunctionTestClient(handler, configuration: configuration)
    }

    /// A token for `user`, valid for an hour.
    static func token(_ user: String) throws -> String {
        let now = Int64(Date().timeIntervalSince1970)
        return try JWTSigner(secret: secret).sign(JWTClaims(subject: user, issuedAt: now, expiresAt: now + 3600))
    }

    /// Sends `body` (raw JSON text) as `user`.
    func call(
        _ method: HTTPMethod, _ target: String, as user: String? = "alice", body: String? = nil, headers: HTTPHeaders = [:]
    ) async throws -> HTTPResponse {
        var headers = headers
        if let user { headers["Authorization"] = "Bearer \(try Self.token(user))" }
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await client.execute(method, target, headers: headers, body: Array((body ?? "").utf8))
    }

    /// Creates a task from `body` for `user` and decodes it.
    func create(_ body: String, as user: String = "alice") async throws -> TaskOut {
        let response = try await call(.post, "/api/\(user)/tasks", as: user, body: body)
        try #require(response.status == .created, "\(response.status): \(response.text)")
        return try response.decoded()
    }

    /// Every event in the outbox, decoded, in commit order.
    func events() async throws -> [TodoEvent] {
        try await stores.outbox.unsent(limit: 10_000).map { try TodoEvent(CloudEvent(jsonBytes: $0.message.payload)) }
    }

    /// Counts rows of `table`.
    func count(_ table: String) async throws -> Int {
        try await database.read { Int(try $0.query("SELECT count(*) FROM \(table)", [])[0].int(0) ?? -1) }
    }
}

/// A broker that takes nothing (the relay is never run in these tests).
struct NoPublisher: EventPublisher {
    struct Refused: Error {}
    func publish(_ event: OutboxEvent) async throws { throw Refused() }
    func publish(batch events: [OutboxEvent]) async -> BatchPublishResult { .allFailed(events, Refused()) }
}

/// A task as the API returns it.
struct TaskOut: Decodable, Sendable {
    var id: String
    var title: String
    var status: String
    var priority: String
    var dueAt: Date?
    var version: Int
    var createdAt: Date
    var updatedAt: Date
    var reminders: [ReminderOut]
}

/// A reminder as the API returns it.
struct ReminderOut: Decodable, Sendable, Hashable {
    var id: String
    var at: Date?
    var before: String?
    var triggerAt: Date
    var status: String
}

/// A page of tasks.
struct PageOut: Decodable, Sendable {
    var tasks: [TaskOut]
    var nextCursor: String?
}

/// An error body.
struct ErrorOut: Decodable, Sendable {
    struct Body: Decodable, Sendable { var message: String }
    var error: Body
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    func decoded<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONCoding.decoder.decode(T.self, from: Data(body))
    }

    /// The error message of a JSON error body (fails the test when the body is not one).
    func errorMessage() throws -> String { try decoded(ErrorOut.self).error.message }
}

/// 2030-01-01T00:00:00Z plus `hours`: due times far from now.
func future(hours: Double) -> Date { Date(timeIntervalSince1970: 1_893_456_000 + hours * 3600) }

/// `date` as the API writes it.
func iso(_ date: Date) -> String { RFC3339.format(date) }
