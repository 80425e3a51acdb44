import Authentication
import CloudEvents
import Crypto
import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Storage
import Testing
import TodoDomain

@testable import audit_log

@Suite("audit-log: bulk deliveries against a real SQLite file")
struct AuditLogHandlerTests {
    /// A handler over a fresh, migrated SQLite file, removed afterwards.
    static func withHandler(_ body: (AuditLogHandler, Stores) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appending(path: "audit-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try await StorageDatabase.open(path, poolSize: 2)
        do {
            try await Migrator(database: database).migrate()
            let stores = Stores(database: database)
            let handler = AuditLogHandler(
                audit: stores.audit, appends: AuditAppendQueue(audit: stores.audit),
                authenticator: BearerAuthenticator(signer: JWTSigner(secret: Array("test-secret".utf8))))
            try await body(handler, stores)
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    /// A TaskCreated event as task-crud publishes it.
    static func event(_ id: UUID, user: String, title: String) throws -> String {
        let now = Date(timeIntervalSince1970: 1_795_165_200)
        let task = TodoTask(id: "task-\(title)", userId: user, title: title, createdAt: now, updatedAt: now)
        let factory = TodoEventFactory(now: { now }, makeID: { id.uuidString.lowercased() })
        return String(decoding: try factory.makeEvent(TaskCreated(task: task)).jsonBytes(), as: UTF8.self)
    }

    /// A bulk delivery as the runtime sends it, entry ids 1…n.
    static func bulk(_ events: [String]) -> HTTPRequest {
        let entries = events.enumerated().map { index, event in
            #"{"entryId":"\#(index + 1)","event":\#(event),"metadata":{},"contentType":"application/cloudevents+json"}"#
        }
        let body =
            #"{"id":"b","type":"com.dapr.event.sent.bulk","topic":"task-events","pubsubname":"todo-pubsub","#
            + #""metadata":{},"entries":[\#(entries.joined(separator: ","))]}"#
        return HTTPRequest(
            method: .post, target: "/events/task-events", headers: ["Content-Type": "application/json"],
            body: Array(body.utf8))
    }

    static func statuses(_ response: HTTPResponse) -> [String] {
        let text = String(decoding: response.body, as: UTF8.self)
        return text.split(separator: #""status":""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("/dapr/subscribe asks for bulk delivery of every topic")
    func subscribesInBulk() async throws {
        try await Self.withHandler { handler, _ in
            let response = try await handler.handle(
                HTTPRequest(method: .get, target: "/dapr/subscribe"), context: .forTesting())
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text.components(separatedBy: #""bulkSubscribe":{"enabled":true,"maxMessagesCount":500,"#).count == 4)
        }
    }

    @Test("a bulk is stored in delivery order; an invalid event is DROP; a redelivered bulk adds no row")
    func bulkAppend() async throws {
        try await Self.withHandler { handler, stores in
            let ids = (0..<5).map { _ in UUID() }
            let events = try ids.enumerated().map { index, id in
                try Self.event(id, user: index % 2 == 0 ? "alice" : "bob", title: "t\(index)")
            }
            let invalid = #"{"specversion":"1.0","source":"task-crud","type":"no-id"}"#
            let request = Self.bulk(Array(events[0..<3]) + [invalid] + Array(events[3...]))
            let first = try await handler.handle(request, context: .forTesting())
            #expect(first.status == .ok)
            #expect(Self.statuses(first) == ["SUCCESS", "SUCCESS", "SUCCESS", "DROP", "SUCCESS", "SUCCESS"])
            let again = try await handler.handle(request, context: .forTesting())
            #expect(Self.statuses(again) == ["SUCCESS", "SUCCESS", "SUCCESS", "DROP", "SUCCESS", "SUCCESS"])
            let page = try await stores.audit.query(AuditQuery())
            #expect(page.entries.map(\.entry.eventID) == ids)
            #expect(page.entries.map(\.entry.actor) == ["alice", "bob", "alice", "bob", "alice"])
            #expect(page.entries.first?.entry.payload.contains(#""title":"t0""#) == true)
            #expect(try await stores.audit.verifyChain() == nil)
        }
    }

    @Test("a malformed bulk body is answered 400 (retried, never dropped whole) and stores nothing")
    func malformed() async throws {
        try await Self.withHandler { handler, stores in
            var request = Self.bulk([])
            request.body = Array(#"{"entries":[{"entryId":"1","event":{"#.utf8)
            let response = try await handler.handle(request, context: .forTesting())
            #expect(response.status == .badRequest)
            #expect(try await stores.audit.query(AuditQuery()).entries.isEmpty)
        }
    }

    @Test("only what the system emits is recorded: foreign, forged and mismatched events are DROP and never stored")
    func admission() async throws {
        try await Self.withHandler { handler, stores in
            let id = UUID()
            let good = try Self.event(id, user: "alice", title: "real")
            let templateID = UUID().uuidString.lowercased()
            let template = try Self.event(try #require(UUID(uuidString: templateID)), user: "alice", title: "real")
            func altered(_ replacements: [(String, String)]) -> String {
                let fresh = template.replacing(templateID, with: UUID().uuidString.lowercased())
                return replacements.reduce(fresh) { $0.replacing($1.0, with: $1.1) }
            }
            let poison = [
                altered([("com.todo.task.created.v1", "com.dapr.event.sent")]),  // unknown type
                altered([("com.todo.task.created.v1", "com.todo.task.deleted.v1")]),  // payload of another type
                altered([(#""source":"/task-crud""#, #""source":"/reminder-fire""#)]),  // forged source
                altered([(#""partitionkey":"alice""#, #""partitionkey":"bob""#)]),  // someone else's partition
                altered([(#""partitionkey":"alice""#, #""partitionkey":"\u212Alice""#)]),
                altered([(#""partitionkey":"alice","#, "")]),  // no partition key
                altered([(#""title":"real""#, #""title":17"#)]),  // wrong type in the payload
                altered([(#""subject":"task-real""#, #""subject":"task-other""#)]),
                #"{"specversion":"1.0","id":"x1","source":"/task-crud","type":"com.todo.task.created.v1","partitionkey":"alice","data":"not json"}"#,
            ]
            let response = try await handler.handle(Self.bulk([good] + poison), context: .forTesting())
            #expect(Self.statuses(response) == ["SUCCESS"] + poison.map { _ in "DROP" })
            let single = try await handler.handle(
                HTTPRequest(
                    method: .post, target: "/events/task-events",
                    headers: ["Content-Type": "application/cloudevents+json"], body: Array(poison[2].utf8)),
                context: .forTesting())
            #expect(String(decoding: single.body, as: UTF8.self) == #"{"status":"DROP"}"#)
            #expect(try await stores.audit.query(AuditQuery()).entries.map(\.entry.eventID) == [id])
        }
    }
}
