import Authentication
import CloudEvents
import Crypto
import Dapr
import EmbeddedRuntime
import FoundationEssentials
import FunctionRuntime
import HTTPClient
import HTTPServer
import HTTPTypes
import JSON
import Storage
import Synchronization
import Testing
import TodoDomain

@testable import audit_log

/// Poison among real events, through the real embedded runtime (publish API, log, bulk deliveries, dead-letter
/// topic) to the real audit-log handler on a loopback server, over a real SQLite file.
@Suite("audit-log keeps every real event and none of the poison, through the embedded runtime")
struct AuditPoisonTests {
    /// Serves the audit-log handler; the handler is swapped in once the runtime's ports are known.
    final class Responder: HTTPResponder {
        let handler: Mutex<AuditLogHandler>
        init(_ handler: AuditLogHandler) { self.handler = Mutex(handler) }
        func respond(to request: HTTPRequest) async -> HTTPResponse {
            let handler = handler.withLock { $0 }
            do {
                return try await handler.handle(request, context: .forTesting())
            } catch {
                return HTTPResponse.error(.internalServerError, message: "\(error)")
            }
        }
    }

    static let resources = [
        "pubsub.yaml": """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: todo-pubsub}
        spec: {type: pubsub.in-memory, version: v1, metadata: []}
        """,
        "state.yaml": """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: todo-statestore}
        spec: {type: state.redis, version: v1, metadata: []}
        """,
    ]

    static let chainKey = Array("the poison test's audit chain key".utf8)
    static let now = Date(timeIntervalSince1970: 1_795_165_200)

    /// A TaskCreated event of `user`, as task-crud publishes it, with the changes `alter` makes.
    static func event(user: String, title: String, alter: (inout CloudEvent) -> Void = { _ in }) throws -> CloudEvent {
        let task = TodoTask(id: UUID().uuidString.lowercased(), userId: user, title: title, createdAt: now, updatedAt: now)
        var event = try TodoEventFactory(now: { now }).makeEvent(TaskCreated(task: task))
        alter(&event)
        return event
    }

    /// One publish: the path and query under the Dapr API, the headers, the body, and the status it must get.
    struct Publish: Sendable {
        var query: String
        var contentType: String
        var body: [UInt8]
        var status: Int
        var eventID: String?
    }

    static func realEvent(user: String, index: Int) throws -> Publish {
        let event = try event(user: user, title: "task \(index)")
        return Publish(
            query: "", contentType: CloudEvent.jsonContentType, body: event.jsonBytes(), status: 204, eventID: event.id)
    }

    /// The poison kinds, each published with the user's partition key.
    static func poison(_ kind: Int, user: String) throws -> Publish {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        func altered(_ alter: (inout CloudEvent) -> Void) throws -> Publish {
            let event = try event(user: user, title: "poison", alter: alter)
            return Publish(
                query: "", contentType: CloudEvent.jsonContentType, body: event.jsonBytes(), status: 204,
                eventID: event.id)
        }
        switch kind % 10 {
        case 0:
            let text =
                #"{"specversion":"1.0","id":"\#(UUID())","source":"/task-crud","type":"com.todo.task.created.v1","#
                + #""partitionkey":"\#(user)","data":\#(deep)}"#
            return Publish(query: "", contentType: CloudEvent.jsonContentType, body: Array(text.utf8), status: 400)
        case 1:
            return Publish(
                query: "&metadata.rawPayload=true", contentType: "application/json",
                body: Array(#"{"a":\#(deep)}"#.utf8), status: 400)
        case 2:
            let text = String(decoding: try event(user: user, title: "poison").data?.bytes ?? [], as: UTF8.self)
            let wrong = try CloudEventData.json(bytes: Array(text.replacing(#""title":"poison""#, with: #""title":17"#).utf8))
            #expect(wrong.bytes != Array(text.utf8))
            return try altered { $0.data = wrong }
        case 3: return try altered { $0.type = "com.todo.task.exploded.v1" }
        case 4: return try altered { $0.source = "/reminder-fire" }
        case 5: return try altered { $0.extensions["partitionkey"] = .string(user == "u0" ? "u1" : "u0") }
        case 6: return Publish(query: "", contentType: "text/plain", body: Array("not json".utf8), status: 204)
        case 7:  // malformed inside an object: the bulk reader steps over it and answers it DROP alone
            return Publish(
                query: "&metadata.rawPayload=true", contentType: "application/json", body: Array(#"{"a": }"#.utf8),
                status: 204)
        case 8:  // unbalanced: the whole bulk it joins cannot be read, so its entries come again one by one
            return Publish(
                query: "&metadata.rawPayload=true", contentType: "application/json", body: Array(#"{"a":[}"#.utf8),
                status: 204)
        default:
            return Publish(
                query: "&metadata.rawPayload=true", contentType: "application/octet-stream",
                body: Array("oops".utf8), status: 204)
        }
    }

    @Test("1,000 real events among poison: all 1,000 audited once, no poison stored, the chain verifies")
    func poisonAmongRealEvents() async throws {
        // Arrange: a keyed audit store on a SQLite file, the handler on a loopback server, the runtime.
        let directory = FileManager.default.temporaryDirectory.path + "/audit-poison-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/dapr", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in Self.resources {
            _ = FileManager.default.createFile(atPath: directory + "/dapr/" + name, contents: Data(text.utf8))
        }
        let database = try await StorageDatabase.open(directory + "/audit.sqlite", poolSize: 2)
        try await Migrator(database: database).migrate()
        let stores = Stores(database: database, auditChainKey: Self.chainKey)
        let authenticator = BearerAuthenticator(signer: JWTSigner(secret: Array("jwt".utf8)))
        let responder = Responder(
            AuditLogHandler(audit: stores.audit, appends: AuditAppendQueue(audit: stores.audit), authenticator: authenticator))
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = "127.0.0.1"
        serverConfiguration.port = 0
        serverConfiguration.workerCount = 1
        serverConfiguration.handlesSignals = false
        let server = HTTPServer(configuration: serverConfiguration, responder: responder)
        let appPort = try server.start()
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.poolSize = 16
        clientConfiguration.requestTimeout = .seconds(30)
        let client = HTTPClient(configuration: clientConfiguration)
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory + "/data", resourcesDirectory: directory + "/dapr",
                apps: [.init(appID: "task-crud"), .init(appID: "audit-log")],
                appChannel: { appID, request in
                    // task-crud only publishes here; the loopback server is audit-log alone.
                    guard appID == "audit-log" else { return HTTPResponse(status: .notFound) }
                    return try await client.execute(
                        request.method, url: "http://127.0.0.1:\(appPort)\(request.target)", headers: request.headers,
                        body: request.body)
                },
                delivery: DeliveryPolicy(
                    initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(200), timeout: .seconds(20))),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
        let dapr = HTTPDaprClient(endpoint: "http://127.0.0.1:\(runtime.apiPort(for: "audit-log"))", httpClient: client)
        let checkpoints = AuditCheckpoints(
            dapr: dapr, audit: stores.audit, chainKey: Self.chainKey, hasher: CryptoAuditHasher(),
            logger: Logger(label: "test"))
        responder.handler.withLock {
            $0 = AuditLogHandler(
                audit: stores.audit, appends: AuditAppendQueue(audit: stores.audit, headWritten: checkpoints.save),
                authenticator: authenticator, checkpoints: checkpoints)
        }
        let publishURL = "http://127.0.0.1:\(runtime.apiPort(for: "task-crud"))/v1.0/publish/todo-pubsub/task-events"
        func publish(_ publish: Publish, user: String) async throws {
            let response = try await client.execute(
                .post, url: publishURL + "?metadata.partitionKey=\(user)" + publish.query,
                headers: ["Content-Type": publish.contentType], body: publish.body)
            #expect(response.status.code == publish.status, "\(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }

        // Act: four publishers, 20 users, 50 real events each, a poison after every fifth; then one sentinel per user.
        let users = (0..<20).map { "u\($0)" }
        let published = try await withThrowingTaskGroup(of: (real: [String], poison: [Publish]).self) { group in
            for publisher in 0..<4 {
                group.addTask {
                    var real: [String] = []
                    var poison: [Publish] = []
                    for index in 0..<250 {
                        let user = users[(publisher + 4 * index) % 20]
                        let event = try Self.realEvent(user: user, index: index)
                        try await publish(event, user: user)
                        real.append(try #require(event.eventID))
                        if index % 5 == 4 {
                            let bad = try Self.poison(publisher + index / 5, user: user)
                            try await publish(bad, user: user)
                            poison.append(bad)
                        }
                    }
                    return (real, poison)
                }
            }
            return try await group.reduce(into: (real: [String](), poison: [Publish]())) {
                $0.real += $1.real
                $0.poison += $1.poison
            }
        }
        var sentinels: [String] = []
        for user in users {
            let sentinel = try Self.realEvent(user: user, index: -1)
            try await publish(sentinel, user: user)
            sentinels.append(try #require(sentinel.eventID))
        }
        let expected = Set(published.real + sentinels)
        #expect(published.real.count == 1000 && expected.count == 1020)
        let deadline = ContinuousClock.now + .seconds(180)
        var count = 0
        while ContinuousClock.now < deadline {
            count = try await database.read { Int(try $0.query("SELECT count(*) FROM audit_entries", [])[0].int(0) ?? 0) }
            if count >= expected.count { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        // Assert: every real event once, no poison, a chain that verifies against the signed checkpoint of its head.
        var audited: [String] = []
        var cursor: Int64?
        repeat {
            let page = try await stores.audit.query(AuditQuery(afterSequence: cursor, limit: 1000))
            audited += page.entries.map { $0.entry.eventID.uuidString.lowercased() }
            cursor = page.nextCursor
        } while cursor != nil
        #expect(audited.count == expected.count)
        #expect(expected.subtracting(audited).count == 0, "real events never audited")
        #expect(Set(audited).subtracting(expected).count == 0, "entries that are no real event")
        let poisonIDs = Set(published.poison.compactMap(\.eventID))
        #expect(poisonIDs.count == published.poison.filter { $0.eventID != nil }.count && !poisonIDs.isEmpty)
        #expect(poisonIDs.isDisjoint(with: audited))
        let checkpoint = try #require(try await checkpoints.load())
        #expect(checkpoint.head.sequence == Int64(expected.count))
        #expect(try await stores.audit.verifyChain(against: checkpoint) == nil)
        let log = try #require(runtime.messageLog)
        let deadLettered = try await log.read(pubsub: "todo-pubsub", topic: "task-events-dead-letters", after: 0, limit: 10_000)
        #expect(deadLettered.count == published.poison.filter { $0.status == 204 }.count)

        // The database owner cuts the last 100 entries: /audit/verify finds it against the checkpoint in the state store.
        try await database.withoutTransaction {
            try $0.executeScript(
                "DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE sequence > \(expected.count - 100)")
        }
        let admin = try JWTSigner(secret: Array("jwt".utf8)).sign(
            JWTClaims(subject: "root", role: "admin", expiresAt: Int64(Date().timeIntervalSince1970) + 600))
        let verification = try await client.execute(
            .get, url: "http://127.0.0.1:\(appPort)/audit/verify", headers: ["Authorization": "Bearer \(admin)"])
        #expect(
            String(decoding: verification.body, as: UTF8.self).hasPrefix(
                #"{"valid":false,"firstBroken":{"sequence":\#(expected.count - 99),"reason":"the chain ends at"#))
        // Deleting the checkpoint as well does not hide it: a keyed chain without a checkpoint is a break.
        try await dapr.deleteState(
            store: AuditCheckpoints.store, key: AuditCheckpoints.key, etag: nil, concurrency: nil, metadata: [:])
        let withoutCheckpoint = try await client.execute(
            .get, url: "http://127.0.0.1:\(appPort)/audit/verify", headers: ["Authorization": "Bearer \(admin)"])
        #expect(String(decoding: withoutCheckpoint.body, as: UTF8.self).contains("has no signed checkpoint"))

        await runtime.stop()
        server.shutdown()
        try? await server.run()
        client.close()
        await database.close()
    }
}
