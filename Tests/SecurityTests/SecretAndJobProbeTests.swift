import Glibc
import HTTPTypes
import Testing

extension AttackSuite {
    /// Item 1 of issue 11 (secret scopes, the forged administrator) and the jobs part of item 7.
    @Suite("attack: secrets, forged administrators and jobs")
    struct SecretAndJobProbeTests {
        static let store = "/v1.0/secrets/todo-secrets"

        @Test("the shared port reads no secret; a function reads only what its Configuration scopes to it")
        func secretScopes() async throws {
            try await SecurityStack.with { stack in
                let shared = try stack.daprToken()
                for key in ["jwt-signing-key", "app-api-token", "dapr-api-token"] {
                    Probe.expect(try await stack.dapr(.get, "\(Self.store)/\(key)", token: shared), 403, "shared \(key)")
                }
                let bulk = try await stack.dapr(.get, "\(Self.store)/bulk", token: shared)
                #expect(bulk.status.code == 200 && String(decoding: bulk.body, as: UTF8.self) == "{}")
                for name in ["task-crud", "audit-log"] {
                    let function = try await stack.functionPort(name)
                    let (port, token) = (function.port, function.token)
                    #expect(
                        try await stack.dapr(.get, "\(Self.store)/jwt-signing-key", port: port, token: token).status.code == 200)
                    for key in ["app-api-token", "dapr-api-token"] {
                        Probe.expect(
                            try await stack.dapr(.get, "\(Self.store)/\(key)", port: port, token: token), 403, "\(name) \(key)")
                    }
                    let visible = String(
                        decoding: try await stack.dapr(.get, "\(Self.store)/bulk", port: port, token: token).body, as: UTF8.self)
                    #expect(
                        visible.contains("jwt-signing-key") && !visible.contains("app-api-token")
                            && !visible.contains("dapr-api-token"))
                }
            }
        }

        @Test("another user on the machine can read nothing under the data directory: it and every file in it are owner-only")
        func dataDirectoryPermissions() async throws {
            try await SecurityStack.with { stack in
                let data = stack.directory + "/data"
                var info = stat()
                #expect(stat(data, &info) == 0 && info.st_mode & 0o777 == 0o700)
                let names = try #require(Files.list(data))
                #expect(names.contains("secrets.json") && names.contains("todo.sqlite") && names.contains("audit.sqlite"))
                for name in names {
                    #expect(stat(data + "/" + name, &info) == 0)
                    #expect(info.st_mode & 0o077 == 0, "\(name) is open to others: \(String(info.st_mode & 0o777, radix: 8))")
                }
            }
        }

        @Test("a self-signed administrator token with a guessed key is 401 on every admin and user route")
        func forgedAdministrator() async throws {
            try await SecurityStack.with { stack in
                let tasks = try await stack.ingress(.get, "/api/alice/tasks", token: try stack.userToken("alice"))
                let keys = [
                    "", "secret", "jwt-signing-key", "todofn", try stack.daprToken(),
                    try await stack.functionPort("task-crud").appToken,
                ]
                for key in keys {
                    let forged = try SecurityStack.forgedToken(subject: "mallory", admin: true, key: key)
                    for (method, path) in [
                        (HTTPMethod.get, "/audit"), (.get, "/audit/verify"), (.get, "/api/alice/tasks"),
                        (.post, "/api/alice/tasks"),
                    ] {
                        let response = try await stack.ingress(
                            method, path, token: forged, json: method == .post ? #"{"title":"x"}"# : nil)
                        Probe.expect(response, 401, "\(method) \(path) with a key of \(key.count) characters")
                    }
                }
                let after = try await stack.ingress(.get, "/api/alice/tasks", token: try stack.userToken("alice"))
                #expect(after.body == tasks.body, "a forged token changed alice's tasks")
            }
        }

        @Test("jobs: only an app on its own port with its own token; the shared port manages none")
        func jobs() async throws {
            try await SecurityStack.with { stack in
                let crud = try await stack.functionPort("task-crud")
                let audit = try await stack.functionPort("audit-log")
                let job = "/v1.0-alpha1/jobs/probe-job"
                let schedule = #"{"dueTime":"1h","data":{"probe":true}}"#
                for method in [HTTPMethod.post, .get, .delete] {
                    Probe.expect(
                        try await stack.dapr(method, job, token: try stack.daprToken(), body: method == .post ? schedule : ""),
                        403,
                        "shared \(method)")
                    Probe.expect(
                        try await stack.dapr(method, job, port: crud.port, token: nil), 401, "task-crud \(method) no token")
                    Probe.expect(
                        try await stack.dapr(method, job, port: crud.port, token: audit.token), 401,
                        "task-crud \(method) audit's token")
                }
                #expect(try await stack.dapr(.post, job, port: crud.port, token: crud.token, body: schedule).status.code == 204)
                // Another app cannot see or delete it: jobs are kept per caller app-id.
                Probe.expect(
                    try await stack.dapr(.get, job, port: audit.port, token: audit.token), 500, "audit-log GET task-crud's job")
                #expect(try await stack.dapr(.delete, job, port: audit.port, token: audit.token).status.code == 204)
                #expect(try await stack.dapr(.get, job, port: crud.port, token: crud.token).status.code == 200)
                #expect(try await stack.dapr(.delete, job, port: crud.port, token: crud.token).status.code == 204)
            }
        }
    }
}
