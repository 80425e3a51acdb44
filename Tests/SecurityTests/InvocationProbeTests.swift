import HTTPTypes
import Testing

extension AttackSuite {
    /// Item 2 of issue 11 (the invocation half): the runtime forwards an invocation, with the app token, only when
    /// the callee's access control allows the caller; a Dapr-facing route is allowed to nobody by default.
    @Suite("attack: service invocation of Dapr-facing routes")
    struct InvocationProbeTests {
        static let facing = [
            "events/task-events", "ev%65nts/task-events", "events%2Ftask-events", "EVENTS/task-events", "dapr/subscribe",
            "job/reminder-x", "internal/push", "outbox-relay-cron", "metrics", "api/%2e%2e/events/task-events",
            "./events/task-events",
        ]

        @Test("from the shared port and from another function's port, every encoding: 403 or 400, nothing written")
        func denied() async throws {
            try await SecurityStack.with { stack in
                let before = try await stack.auditRows()
                let crud = try await stack.functionPort("task-crud")
                let callers: [(String, Int?, String)] = [
                    ("shared", nil, try stack.daprToken()), ("task-crud", crud.port, crud.token),
                ]
                for (caller, port, token) in callers {
                    for target in ["audit-log", "task-crud"] {
                        for method in Self.facing {
                            let response = try await stack.dapr(
                                .post, "/v1.0/invoke/\(target)/method/\(method)", port: port, token: token,
                                headers: ["Content-Type": "application/cloudevents+json"], body: Probe.forgedEvent())
                            Probe.expect(response, 403, "\(caller) → \(target) /\(method)")
                        }
                        // daprd's header form: the whole path is the method.
                        for path in ["/events/task-events", "/dapr/subscribe", "/outbox-relay-cron"] {
                            let response = try await stack.dapr(
                                .post, path, port: port, token: token, headers: ["dapr-app-id": target], body: Probe.forgedEvent()
                            )
                            Probe.expect(response, 403, "\(caller) → \(target) \(path) by dapr-app-id")
                        }
                        // A method that would turn into a query or hold a control character never leaves the runtime.
                        for method in ["outbox-relay-cron%3F", "events%23x", "api%09x", "api/x%2F..%2Fevents"] {
                            let response = try await stack.dapr(
                                .post, "/v1.0/invoke/\(target)/method/\(method)", port: port, token: token)
                            Probe.expect(response, 400, "\(caller) → \(target) /\(method)")
                        }
                    }
                    // Dot segments sent as they are (HTTPClient would resolve them first).
                    let raw = try stack.raw(
                        "POST", "/v1.0/invoke/audit-log/method/api/../events/task-events", port: port ?? stack.stack.daprPort,
                        headers: [("dapr-api-token", token), ("Content-Type", "application/cloudevents+json")],
                        body: Probe.forgedEvent())
                    Probe.expect(raw, 403, "\(caller) → audit-log /api/../events/task-events")
                }
                try await stack.expectAuditUnchanged(since: before)
            }
        }

        @Test("the public routes stay reachable by invocation from the shared port (todofn invoke), with the user's own token")
        func publicRoutes() async throws {
            try await SecurityStack.with { stack in
                let token = try stack.daprToken()
                let alice = try await stack.dapr(
                    .get, "/v1.0/invoke/task-crud/method/api/alice/tasks", token: token,
                    headers: ["Authorization": "Bearer \(try stack.userToken("alice"))"])
                #expect(alice.status.code == 200)
                let anonymous = try await stack.dapr(.get, "/v1.0/invoke/task-crud/method/api/alice/tasks", token: token)
                Probe.expect(anonymous, 401, "invocation without a user token")
            }
        }
    }
    /// A compromised function holds its own tokens: they open nothing of another function's.
    @Suite("attack: a compromised function")
    struct CompromisedFunctionTests {
        @Test("task-crud's app token on audit-log's own port is 401; audit-log's Dapr-facing route by the ingress marker is 403")
        func ownTokensOnly() async throws {
            try await SecurityStack.with { stack in
                let before = try await stack.auditRows()
                let crud = try await stack.functionPort("task-crud")
                let audit = try await stack.functionPort("audit-log")
                #expect(crud.appToken != audit.appToken && crud.token != audit.token)
                let event = Probe.forgedEvent()
                let headers = [("Content-Type", "application/cloudevents+json")]
                Probe.expect(
                    try stack.raw("POST", "/events/task-events", port: audit.httpPort, headers: headers, body: event), 401,
                    "no token on audit-log's port")
                Probe.expect(
                    try stack.raw(
                        "POST", "/events/task-events", port: audit.httpPort,
                        headers: headers + [("dapr-api-token", crud.appToken)], body: event), 401,
                    "task-crud's app token on audit-log's port")
                Probe.expect(
                    try stack.raw(
                        "POST", "/events/task-events", port: audit.httpPort,
                        headers: headers + [("dapr-api-token", audit.appToken), ("todofn-ingress", "1")], body: event), 403,
                    "audit-log's own app token, marked as from the ingress")
                Probe.expect(
                    try stack.raw("POST", "/audit/../events/task-events", port: audit.httpPort, headers: headers, body: event),
                    400, "a dot segment on audit-log's port")
                try await stack.expectAuditUnchanged(since: before)
            }
        }
    }
}
