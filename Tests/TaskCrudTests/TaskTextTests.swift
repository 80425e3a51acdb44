import Authentication
import Crypto
import EventRelay
import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Storage
import Testing

@testable import task_crud

/// Control characters in task text, probed through the whole runtime and the real task-crud handler, on a real
/// SQLite file and on the test PostgreSQL (issue 11: a NUL in a title was stored whole and read back cut; `q=%00`
/// matched every task).
@Suite("task-crud: control characters in task text")
struct TaskTextTests {
    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    @Test(
        "a title, tag or description with a NUL or another control character is a 400 and creates nothing",
        arguments: Backend.allCases)
    func refusesControlCharacters(backend: Backend) async throws {
        try await Self.withClient(backend) { client, headers in
            let bodies = [
                #"{"title":"a\u0000b"}"#, #"{"title":"\u0000"}"#, #"{"title":"bell \u0007"}"#, #"{"title":"esc \u001b[31m"}"#,
                #"{"title":"del \u007f"}"#, #"{"title":"next line \u0085"}"#, #"{"title":"two\nlines"}"#,
                #"{"title":"ok","tags":["fine","n\u0000ul"]}"#, #"{"title":"ok","description":"a\u0000b"}"#,
                #"{"title":"ok","description":"form \u000c feed"}"#,
            ]
            for body in bodies {
                let response = try await client.execute(.post, "/api/alice/tasks", headers: headers, body: Array(body.utf8))
                #expect(response.status == .badRequest, "\(body)")
                #expect(String(decoding: response.body, as: UTF8.self).contains("control characters"), "\(body)")
            }
            let list = try await client.execute(.get, "/api/alice/tasks", headers: headers)
            #expect(String(decoding: list.body, as: UTF8.self) == #"{"tasks":[]}"#)
        }
    }

    @Test("a description keeps its line breaks and tabs, read back whole", arguments: Backend.allCases)
    func descriptionKeepsLineBreaks(backend: Backend) async throws {
        try await Self.withClient(backend) { client, headers in
            let body = #"{"title":"multi","description":"line one\nline two\r\n\tindented"}"#
            let created = try await client.execute(.post, "/api/alice/tasks", headers: headers, body: Array(body.utf8))
            #expect(created.status == .created)
            let list = try await client.execute(.get, "/api/alice/tasks", headers: headers)
            #expect(String(decoding: list.body, as: UTF8.self).contains(#""description":"line one\nline two\r\n\tindented""#))
        }
    }

    @Test(
        "q or tag with a NUL or another control character is a 400; a plain q still finds its task",
        arguments: Backend.allCases)
    func searchRefusesControlCharacters(backend: Backend) async throws {
        try await Self.withClient(backend) { client, headers in
            let body = #"{"title":"alpha"}"#
            _ = try await client.execute(.post, "/api/alice/tasks", headers: headers, body: Array(body.utf8))
            _ = try await client.execute(.post, "/api/alice/tasks", headers: headers, body: Array(#"{"title":"beta"}"#.utf8))
            for query in ["q=%00", "q=al%00pha", "q=%07", "tag=%00", "tag=x%1b"] {
                let response = try await client.execute(.get, "/api/alice/tasks?\(query)", headers: headers)
                #expect(response.status == .badRequest, "\(query)")
            }
            let found = try await client.execute(.get, "/api/alice/tasks?q=alp", headers: headers)
            let text = String(decoding: found.body, as: UTF8.self)
            #expect(text.contains("alpha") && !text.contains("beta"))
        }
    }

    @Test("a PATCH or PUT with a control character in the title is a 400 and changes nothing", arguments: Backend.allCases)
    func updatesRefuseControlCharacters(backend: Backend) async throws {
        try await Self.withClient(backend) { client, headers in
            let created = try await client.execute(
                .post, "/api/alice/tasks", headers: headers, body: Array(#"{"title":"before"}"#.utf8))
            let location = try #require(created.headers["Location"])
            for method in [HTTPMethod.patch, .put] {
                let response = try await client.execute(
                    method, location, headers: headers, body: Array(#"{"title":"after\u0000"}"#.utf8))
                #expect(response.status == .badRequest)
            }
            let shown = try await client.execute(.get, location, headers: headers)
            #expect(String(decoding: shown.body, as: UTF8.self).contains(#""title":"before""#))
        }
    }

    /// A client over the real handler with a fresh database of `backend`, and alice's headers.
    static func withClient(
        _ backend: Backend, _ body: (FunctionTestClient, HTTPHeaders) async throws -> Void
    ) async throws {
        let key = Array("a task-crud test key of 32 bytes".utf8)
        let now = Int64(Date().timeIntervalSince1970)
        let token = try JWTSigner(secret: key).sign(JWTClaims(subject: "alice", expiresAt: now + 3600))
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        try await TaskCrudDatabase.with(backend == .postgres) { database in
            let stores = Stores(database: database)
            let handler = TaskCrudHandler(
                tasks: stores.tasks, rules: stores.recurrenceRules, conversations: stores.conversations,
                settings: stores.settings,
                authenticator: BearerAuthenticator(signer: JWTSigner(secret: key)),
                relay: OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: NoPublisher())))
            try await body(FunctionTestClient(handler), headers)
        }
    }
}
