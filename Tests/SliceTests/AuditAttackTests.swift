import FoundationEssentials
import HTTPClient
import HTTPTypes
import Storage
import Testing

/// The attacks of issue 11 on the audit trail and user isolation, replayed against the real `todofn up`: look-alike
/// user ids through task-crud, and events the system never emits published through the Dapr API among real ones.
@Suite("audit and isolation attacks against todofn up", .serialized)
struct AuditAttackTests {
    /// Publishes `body` to `task-events` through the runtime's Dapr API (with its token, when the stack has one).
    static func publish(
        _ stack: Stack, _ body: String, contentType: String, query: String = ""
    ) async throws -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": contentType]
        let secrets = Files.read(stack.directory + "/data/secrets.json").flatMap {
            try? JSONDecoder().decode([String: String].self, from: Data($0))
        }
        if let token = secrets?["dapr-api-token"] { headers["dapr-api-token"] = token }
        return try await stack.client.execute(
            .post, url: "http://127.0.0.1:\(stack.daprPort)/v1.0/publish/todo-pubsub/task-events?\(query)",
            headers: headers, body: Array(body.utf8))
    }

    @Test(
        "look-alike ids reach no one's tasks; poison and malformed events are never audited; every real one is",
        arguments: SliceBackend.allCases)
    func attacks(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let kevin = try TaskClient(stack: stack, user: "Kevin")
                let task = try await kevin.create("mine")

                // Look-alike user ids: a token for one is refused, another user's path is forbidden, bytes decide.
                for lookAlike in ["\u{212A}evin", "jose\u{301}", "jos\u{E9}"] {
                    let token = try stack.token(lookAlike)
                    for (method, path) in [(HTTPMethod.get, "/api/Kevin/tasks"), (.delete, "/api/Kevin/tasks/\(task)")] {
                        let response = try await stack.send(method, path, token: token)
                        #expect(response.status.code == 401, "\(method) \(path) as \(lookAlike.unicodeScalars.map(\.value))")
                    }
                }
                let crossed = try await stack.send(.get, "/api/%E2%84%AAevin/tasks", token: kevin.token)
                #expect([400, 403].contains(crossed.status.code), "\(crossed.status)")

                // Events the system never emits, in Kevin's partition, then one more real create after them.
                let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
                let refused = try await Self.publish(
                    stack, #"{"specversion":"1.0","id":"x","source":"/task-crud","type":"t","data":\#(deep)}"#,
                    contentType: "application/cloudevents+json", query: "metadata.partitionKey=Kevin")
                #expect((400..<500).contains(refused.status.code), "\(refused.status)")
                let poison: [(String, String, String)] = [
                    ("plain text", "text/plain", "metadata.partitionKey=Kevin"),
                    (
                        #"{"specversion":"1.0","id":"\#(UUID())","source":"/task-crud","type":"com.todo.task.deleted.v1","#
                            + #""partitionkey":"Kevin","subject":"\#(task)","data":{"taskId":17}}"#,
                        "application/cloudevents+json", "metadata.partitionKey=Kevin"
                    ),
                    (#"{"a":[}"#, "application/json", "metadata.partitionKey=Kevin&metadata.rawPayload=true"),
                ]
                for (body, contentType, query) in poison {
                    let response = try await Self.publish(stack, body, contentType: contentType, query: query)
                    #expect(response.status.code < 500, "\(response.status)")
                }
                _ = try await kevin.create("after the poison")

                let (stores, db) = try await SliceBackend.auditStores(directory: directory, database: database)
                let rows = try await AuditRows.waitFor(2, in: stores.audit)
                await db.close()
                #expect(rows.count == 2)
                #expect(rows.allSatisfy { $0.entry.type == "com.todo.task.created.v1" && $0.entry.actor == "Kevin" })
                let verify = try await stack.send(.get, "/audit/verify", token: try stack.token("root", admin: true))
                #expect(String(decoding: verify.body, as: UTF8.self) == #"{"valid":true}"#)
                let listed = try await stack.send(.get, "/api/Kevin/tasks", token: kevin.token)
                #expect(try Body.decode(Body.TaskPage.self, listed.body).tasks.count == 2, "nothing was deleted")
            }
        }
    }
}
