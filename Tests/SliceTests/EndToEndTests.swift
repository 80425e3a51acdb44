import FoundationEssentials
import HTTPTypes
import Storage
import Testing

/// The slice on the real embedded stack: `todofn up` with task-crud and audit-log, on SQLite and on PostgreSQL.
@Suite("task-crud → pub/sub → audit-log through todofn up", .serialized)
struct EndToEndTests {
    @Test(
        "200 mutations by 3 users leave exactly 200 audit rows, in each user's order, on a verified chain",
        arguments: SliceBackend.allCases)
    func everyMutationIsAuditedOnceInOrder(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let users = ["alice", "bob", "carol"]
                let expected = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
                    for (index, user) in users.enumerated() {
                        let count = index == 2 ? 66 : 67
                        group.addTask {
                            (user, try await MutationScript.run(TaskClient(stack: stack, user: user), count: count))
                        }
                    }
                    var trails: [String: [String]] = [:]
                    for try await (user, trail) in group { trails[user] = trail }
                    return trails
                }
                let (stores, db) = try await SliceBackend.auditStores(directory: directory, database: database)
                let rows = try await AuditRows.waitFor(200, in: stores.audit)
                await db.close()
                #expect(rows.count == 200)
                #expect(Set(rows.map(\.entry.eventID)).count == rows.count, "no event id twice")
                for user in users {
                    let audited = rows.filter { $0.entry.actor == user }.map { "\($0.entry.type) \($0.entry.subject ?? "")" }
                    #expect(audited == expected[user], "\(user)'s events in the order they were made")
                }
                let verify = try await stack.send(.get, "/audit/verify", token: try stack.token("root", admin: true))
                #expect(try Body.decode(Body.Verification.self, verify.body).valid)
                let page = try await stack.send(.get, "/audit?limit=1000", token: try stack.token("root", admin: true))
                #expect(try Body.decode(Body.AuditPage.self, page.body).entries.count == 200, "the API shows the same rows")
            }
        }
    }

    @Test("one user never sees or touches another's tasks or audit entries", arguments: [SliceBackend.sqlite])
    func usersAreIsolated(backend: SliceBackend) async throws {
        try await backend.withEnvironment { directory, database in
            try await Stack.with(directory: directory, database: database) { stack in
                let alice = try TaskClient(stack: stack, user: "alice")
                let bob = try TaskClient(stack: stack, user: "bob")
                let secret = try await alice.create("alice's secret")
                _ = try await bob.create("bob's own")
                #expect(try await stack.send(.get, "/api/alice/tasks", token: bob.token).status.code == 403)
                #expect(try await stack.send(.get, "/api/alice/tasks/\(secret)", token: bob.token).status.code == 403)
                for (method, suffix) in [(HTTPMethod.get, ""), (.patch, ""), (.delete, ""), (.patch, "/complete")] {
                    let response = try await stack.send(
                        method, "/api/bob/tasks/\(secret)\(suffix)", token: bob.token,
                        json: method == .patch && suffix.isEmpty ? #"{"title":"mine now"}"# : nil)
                    #expect(response.status.code == 404, "\(method) \(suffix) on another user's task id")
                }
                let (stores, db) = try await SliceBackend.auditStores(directory: directory, database: database)
                _ = try await AuditRows.waitFor(2, in: stores.audit)
                await db.close()
                let bobsAudit = try Body.decode(Body.AuditPage.self, try await stack.send(.get, "/audit", token: bob.token).body)
                #expect(bobsAudit.entries.map(\.actor) == ["bob"], "a user's audit shows only their entries")
                #expect(try await stack.send(.get, "/audit?user=alice", token: bob.token).status.code == 403)
                #expect(try await stack.send(.get, "/audit/verify", token: bob.token).status.code == 403)
                let all = try await stack.send(.get, "/audit", token: try stack.token("root", admin: true))
                #expect(Set(try Body.decode(Body.AuditPage.self, all.body).entries.compactMap(\.actor)) == ["alice", "bob"])
                let task = try await stack.send(.get, "/api/alice/tasks/\(secret)", token: alice.token)
                #expect(try Body.decode(Body.Task.self, task.body).version == 1, "bob's attempts changed nothing")
            }
        }
    }
}

/// A user's sequence of mutations: creates, title changes, completions and deletions, one after another; returns
/// the `<event type> <task id>` trail the audit log must show for this user.
enum MutationScript {
    static func run(_ client: TaskClient, count: Int) async throws -> [String] {
        var trail: [String] = []
        var live: [String] = []
        for step in 0..<count {
            if live.isEmpty || step % 4 == 0 {
                let id = try await client.create("\(client.user) task \(step)")
                live.append(id)
                trail.append("com.todo.task.created.v1 \(id)")
            } else if step % 4 == 1 {
                let id = live[step % live.count]
                try await client.patch(id, json: #"{"title":"renamed \#(step)","priority":"high"}"#)
                trail.append("com.todo.task.updated.v1 \(id)")
            } else if step % 4 == 2 {
                let id = live[step % live.count]
                try await client.toggle(id)
                live.removeAll { $0 == id }
                trail.append("com.todo.task.completed.v1 \(id)")
            } else {
                let id = live.removeLast()
                try await client.delete(id)
                trail.append("com.todo.task.deleted.v1 \(id)")
            }
        }
        return trail
    }
}
