import HTTPTypes
import Testing

extension AttackSuite {
    /// Item 2 of issue 11 (the ingress half) and the TAB of item 7: a Dapr-facing route of a function is unreachable
    /// through the ingress under every encoding, and an odd target is a 400 before any route is chosen.
    @Suite("attack: Dapr-facing routes through the ingress")
    struct IngressProbeTests {
        /// Targets that name a Dapr-facing route (or a function's metrics) through a public prefix.
        static let smuggled = [
            "/audit/../events/task-events", "/audit/%2e%2e/events/task-events", "/audit/%2E%2E/events/task-events",
            "/audit/.%2e/events/task-events", "/audit/%2e./events/task-events", "/audit/..%2fevents/task-events",
            "/audit%2f..%2fevents/task-events", "/audit/..%2Fevents%2Ftask-events", "/audit/..\\events/task-events",
            "/audit\\..\\events\\task-events", "/audit/..%5cevents/task-events", "/audit//../events/task-events",
            "/audit/./../events/task-events", "/audit/../dapr/subscribe", "/audit/%2e%2e/dapr/subscribe",
            "/api/../outbox-relay-cron", "/api/%2e%2e/outbox-relay-cron", "/api/../metrics", "/api/%2e%2e/metrics",
            "/api/..%2fmetrics", "/api/../job/reminder-x", "/api/%2e%2e/job/reminder-x", "/api/../events/task-events",
            "/api/alice/../../events/task-events", "/api/%00/../events/task-events", "/api/alice/tasks%09",
            "/api/alice/tasks%0d%0aX-Injected:%201",
        ]

        @Test("dot segments, encoded dots and slashes, backslashes, // and encoded controls are a JSON 400, nothing written")
        func smuggledPaths() async throws {
            try await SecurityStack.with { stack in
                let before = try await stack.auditRows()
                for target in Self.smuggled {
                    for method in ["POST", "GET"] {
                        let response = try stack.raw(
                            method, target, headers: [("Content-Type", "application/cloudevents+json")],
                            body: method == "POST" ? Probe.forgedEvent() : "")
                        Probe.expect(response, 400, "\(method) \(target)")
                    }
                }
                try await stack.expectAuditUnchanged(since: before)
            }
        }

        @Test("a raw TAB, space-free control or DEL in the target is a 400 that never carries libcurl's text")
        func controlCharacters() async throws {
            try await SecurityStack.with { stack in
                let token = try stack.userToken("alice")
                for target in [
                    "/api/alice/tasks\t", "/api/ali\tce/tasks", "/api/alice/tasks?q=\t", "/audit\u{0B}", "/api/\u{7F}",
                ] {
                    let response = try stack.raw("GET", target, headers: [("Authorization", "Bearer \(token)")])
                    Probe.expect(response, 400, "GET \(target.debugDescription)")
                }
                // The same user still gets served: the probes cost nothing.
                #expect(try await stack.ingress(.get, "/api/alice/tasks", token: token).status.code == 200)
            }
        }

        @Test("the Dapr-facing routes named directly have no ingress route, even with a stolen app token")
        func directNames() async throws {
            try await SecurityStack.with { stack in
                let before = try await stack.auditRows()
                let appToken = try await stack.functionPort("audit-log").appToken
                for path in ["/events/task-events", "/dapr/subscribe", "/metrics", "/outbox-relay-cron", "/job/reminder-x"] {
                    let response = try await stack.ingress(
                        .post, path, token: nil, json: Probe.forgedEvent(), headers: ["dapr-api-token": appToken])
                    // 404, or 405 from the web client's static files, which take GET and HEAD only: never a function.
                    #expect([404, 405].contains(response.status.code), "POST \(path): \(response.status.code)")
                    #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true, "POST \(path)")
                }
                // Under a public prefix the function answers, and its Dapr-facing routes are not there.
                for path in ["/api/events/task-events", "/audit/events/task-events"] {
                    let response = try await stack.ingress(
                        .post, path, token: nil, json: Probe.forgedEvent(), headers: ["dapr-api-token": appToken])
                    #expect([401, 404, 405].contains(response.status.code), "POST \(path): \(response.status.code)")
                }
                try await stack.expectAuditUnchanged(since: before)
            }
        }
    }
}
