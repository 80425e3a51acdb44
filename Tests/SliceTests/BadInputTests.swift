import Crypto
import FoundationEssentials
import Glibc
import HTTPTypes
import Storage
import Testing

/// Bad input through the ingress: each gets the right 4xx with a JSON error body, and none writes a task or
/// publishes an event.
@Suite("bad input to task-crud and audit-log")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPMethod
        var path: String
        var token: Token
        var body: String?
        var headers: HTTPHeaders = [:]
        var status: Int
        var testDescription: String { name }
    }

    enum Token: Sendable {
        case none, alice, forged, expired, garbage
    }

    static let missingID = "0193a7c2-0000-7000-8000-000000000000"

    static let cases: [Case] = [
        Case(name: "no token", method: .post, path: "/api/alice/tasks", token: .none, body: #"{"title":"x"}"#, status: 401),
        Case(
            name: "a token signed with another key", method: .post, path: "/api/alice/tasks", token: .forged,
            body: #"{"title":"x"}"#, status: 401),
        Case(
            name: "an expired token", method: .post, path: "/api/alice/tasks", token: .expired,
            body: #"{"title":"x"}"#, status: 401),
        Case(name: "a token that is not a JWT", method: .get, path: "/api/alice/tasks", token: .garbage, status: 401),
        Case(
            name: "another user's path", method: .post, path: "/api/bob/tasks", token: .alice,
            body: #"{"title":"x"}"#, status: 403),
        Case(
            name: "a task id that does not exist", method: .patch, path: "/api/alice/tasks/\(missingID)",
            token: .alice, body: #"{"title":"x"}"#, status: 404),
        Case(name: "a task id that is not a UUID", method: .delete, path: "/api/alice/tasks/42", token: .alice, status: 404),
        Case(
            name: "malformed JSON", method: .post, path: "/api/alice/tasks", token: .alice, body: #"{"title": "#,
            status: 400),
        Case(name: "a JSON array", method: .post, path: "/api/alice/tasks", token: .alice, body: "[]", status: 400),
        Case(
            name: "a 1 MB title", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":""# + String(repeating: "a", count: 1 << 20) + #""}"#, status: 400),
        Case(
            name: "an unknown field", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","owner":"bob"}"#, status: 400),
        Case(
            name: "an empty title", method: .post, path: "/api/alice/tasks", token: .alice, body: #"{"title":"  "}"#,
            status: 400),
        Case(
            name: "a bad priority", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","priority":"urgent"}"#, status: 400),
        Case(
            name: "a bad time zone", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","timeZone":"Mars/Olympus"}"#, status: 400),
        Case(
            name: "a time zone path", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","timeZone":"../../etc/passwd"}"#, status: 400),
        Case(
            name: "FREQ=SECONDLY", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","dueAt":"2026-12-01T09:00:00Z","recurrence":"FREQ=SECONDLY"}"#, status: 400),
        Case(
            name: "COUNT=10^9", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","dueAt":"2026-12-01T09:00:00Z","recurrence":"FREQ=DAILY;COUNT=1000000000"}"#, status: 400),
        Case(
            name: "a BYxxx rule that never matches", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","dueAt":"2026-12-01T09:00:00Z","recurrence":"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}"#,
            status: 400),
        Case(
            name: "a 100 KB rule", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","dueAt":"2026-12-01T09:00:00Z","recurrence":"FREQ=DAILY;BYMONTHDAY="#
                + String(repeating: "1,", count: 50_000) + #"1"}"#, status: 400),
        Case(
            name: "a rule without a due time", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","recurrence":"FREQ=DAILY"}"#, status: 400),
        Case(
            name: "a rule in an unknown zone", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","dueAt":"2026-12-01T09:00:00Z","timeZone":"Nowhere/Land","recurrence":"FREQ=DAILY"}"#,
            status: 400),
        Case(
            name: "a simple rule with an unknown field", method: .post, path: "/api/alice/tasks", token: .alice,
            body: #"{"title":"x","dueAt":"2026-12-01T09:00:00Z","recurrence":{"frequency":"daily","every":2}}"#,
            status: 400),
        Case(
            name: "a form body", method: .post, path: "/api/alice/tasks", token: .alice, body: "title=x",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], status: 415),
        Case(name: "a bad list filter", method: .get, path: "/api/alice/tasks?status=maybe", token: .alice, status: 400),
        Case(
            name: "an unknown method", method: .post, path: "/api/alice/tasks/\(missingID)", token: .alice,
            body: "{}", status: 405),
        Case(name: "audit without a token", method: .get, path: "/audit", token: .none, status: 401),
        Case(name: "audit with a bad cursor", method: .get, path: "/audit?cursor=-3", token: .alice, status: 400),
    ]

    @Test("each bad request gets its 4xx and a JSON error, and nothing is written or published")
    func badInputIsRejectedWithoutEffects() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                for badCase in Self.cases {
                    let response = try await stack.send(
                        badCase.method, badCase.path, token: try token(badCase.token, stack), json: badCase.body,
                        headers: badCase.headers)
                    #expect(response.status.code == badCase.status, "\(badCase.name)")
                    #expect(response.headers["Content-Type"] == "application/json", "\(badCase.name)")
                    let error = try? Body.decode(Body.Error.self, response.body)
                    #expect(error?.error.message.isEmpty == false, "\(badCase.name): a JSON error with a message")
                }
                let marker = try await TaskClient(stack: stack, user: "alice").create("the only task")
                let (stores, db) = try await SliceBackend.auditStores(directory: directory, database: database)
                let rows = try await AuditRows.waitFor(1, in: stores.audit)
                try await Task.sleep(for: .milliseconds(300))
                let settled = try await AuditRows.all(stores.audit)
                await db.close()
                #expect(rows.count == 1 && settled.count == 1, "only the valid create published an event")
                #expect(settled.first?.entry.subject == marker)
                let list = try await stack.send(.get, "/api/alice/tasks", token: try stack.token("alice"))
                #expect(try Body.decode(Body.TaskPage.self, list.body).tasks.map(\.id) == [marker])
            }
        }
    }

    @Test("a stale If-Match is refused with 412 and the task keeps its state")
    func staleVersionIsRefused() async throws {
        try await SliceBackend.sqlite.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let alice = try TaskClient(stack: stack, user: "alice")
                let id = try await alice.create("versioned")
                try await alice.patch(id, json: #"{"title":"second"}"#)
                let stale = try await stack.send(
                    .patch, "/api/alice/tasks/\(id)", token: alice.token, json: #"{"title":"lost update"}"#,
                    headers: ["If-Match": "\"1\""])
                #expect(stale.status.code == 412)
                let fresh = try await stack.send(
                    .patch, "/api/alice/tasks/\(id)", token: alice.token, json: #"{"title":"third"}"#,
                    headers: ["If-Match": "\"2\""])
                #expect(fresh.status.code == 200)
                #expect(fresh.headers["ETag"] == "\"3\"")
            }
        }
    }

    private func token(_ kind: Token, _ stack: Stack) throws -> String? {
        let now = Int64(time(nil))
        switch kind {
        case .none: return nil
        case .alice: return try stack.token("alice")
        case .garbage: return "not-a-jwt"
        case .forged:
            return try JWTSigner(secret: Array("another key entirely, 32 bytes!!".utf8))
                .sign(JWTClaims(subject: "alice", expiresAt: now + 3600))
        case .expired: return try stack.token("alice", lifetime: -60)
        }
    }
}
