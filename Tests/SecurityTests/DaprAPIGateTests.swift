import HTTPTypes
import Testing

extension AttackSuite {
    /// Item 1 of issue 11: every Dapr API port of `todofn up` wants its own token, a loopback Host and no browser.
    @Suite("attack: the Dapr API ports of todofn up")
    struct DaprAPIGateTests {
        @Test("no token, a wrong token, another port's token, a foreign or rebinding Host, an Origin: refused on every port")
        func gate() async throws {
            try await SecurityStack.with { stack in
                let before = try await stack.auditRows()
                let shared = try stack.daprToken()
                let crud = try await stack.functionPort("task-crud")
                let audit = try await stack.functionPort("audit-log")
                let ports: [(name: String, port: Int?, token: String, foreign: String)] = [
                    ("shared", nil, shared, crud.token), ("task-crud", crud.port, crud.token, audit.token),
                    ("audit-log", audit.port, audit.token, shared),
                ]
                let publish = "/v1.0/publish/todo-pubsub/task-events"
                for (name, port, token, foreign) in ports {
                    for (label, presented) in [("no token", nil), ("wrong token", "guess"), ("another port's token", foreign)] {
                        for (method, path) in [
                            (HTTPMethod.get, "/v1.0/secrets/todo-secrets/bulk"), (.get, "/v1.0/metadata"), (.post, publish),
                            (.post, "/v1.0-alpha1/jobs/forged"), (.post, "/v1.0/invoke/audit-log/method/events/task-events"),
                            (.get, "/v1.0/state/todo-statestore/x"),
                        ] {
                            let response = try await stack.dapr(
                                method, path, port: port, token: presented, body: method == .post ? Probe.forgedEvent() : "")
                            Probe.expect(response, 401, "\(name) \(label) \(method) \(path)")
                        }
                    }
                    for host in [
                        "evil.example", "evil.example:3500", "127.0.0.1.nip.io", "localhost.evil.example", "[::2]:3500",
                        "192.168.1.20",
                    ] {
                        let response = try await stack.dapr(
                            .get, "/v1.0/secrets/todo-secrets/bulk", port: port, token: token, headers: ["Host": host])
                        Probe.expect(response, 403, "\(name) Host \(host)")
                    }
                    for headers: HTTPHeaders in [
                        ["Origin": "http://evil.example"], ["Origin": "null"], ["Sec-Fetch-Site": "cross-site"],
                        ["Origin": "http://evil.example", "Content-Type": "text/plain"],
                    ] {
                        let response = try await stack.dapr(
                            .post, publish + "?metadata.rawPayload=true", port: port, token: token, headers: headers,
                            body: Probe.forgedEvent())
                        Probe.expect(response, 403, "\(name) browser \(headers)")
                    }
                    // No Host at all (HTTP/1.1 requires one; a bare socket sends none): refused before the token.
                    let bare = try stack.raw(
                        "GET", "/v1.0/secrets/todo-secrets/bulk", port: port ?? stack.stack.daprPort, host: nil,
                        headers: [("dapr-api-token", token)])
                    Probe.expect(bare, 400, "\(name) without Host")
                    // The one documented exemption (as daprd's): healthz answers without a token, and says nothing.
                    #expect(try await stack.dapr(.get, "/v1.0/healthz", port: port, token: nil).status.code == 204)
                }
                try await stack.expectAuditUnchanged(since: before)
            }
        }

        @Test(
            "the token holder still cannot publish the system's events: publishing scopes refuse the shared port and subscribers")
        func publishingScopes() async throws {
            try await SecurityStack.with { stack in
                let before = try await stack.auditRows()
                let audit = try await stack.functionPort("audit-log")
                for (name, port, token) in [
                    ("shared", nil as Int?, try stack.daprToken()), ("audit-log", audit.port, audit.token),
                ] {
                    for topic in ["task-events", "reminder-events", "recurring-events"] {
                        let single = try await stack.dapr(
                            .post, "/v1.0/publish/todo-pubsub/\(topic)", port: port, token: token, body: Probe.forgedEvent())
                        Probe.expect(single, 403, "\(name) publish \(topic)")
                        let bulk = try await stack.dapr(
                            .post, "/v1.0-alpha1/publish/bulk/todo-pubsub/\(topic)", port: port, token: token,
                            body:
                                #"[{"entryId":"1","event":\#(Probe.forgedEvent()),"contentType":"application/cloudevents+json"}]"#
                        )
                        Probe.expect(bulk, 403, "\(name) bulk publish \(topic)")
                    }
                }
                try await stack.expectAuditUnchanged(since: before)
            }
        }
    }
}
