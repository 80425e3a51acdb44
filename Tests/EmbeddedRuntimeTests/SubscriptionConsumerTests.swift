import EmbeddedRuntime
import HTTPTypes
import JSON
import Synchronization
import Testing

@Suite("Delivery: outcomes, retries, dead letters, order per key, restart survival")
struct SubscriptionConsumerTests {
    static func resources(deadLetter: Bool = true, extra: [String: String] = [:]) -> [String: String] {
        var resources = RuntimeHarness.defaultResources
        resources["sub.yaml"] = """
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata: {name: work}
            spec:
              pubsubname: ps
              topic: work
              routes:
                rules:
                - {match: 'event.type == "special"', path: /special}
                default: /work
              \(deadLetter ? "deadLetterTopic: work-dlq" : "")
            scopes: [b]
            """
        resources["dlq.yaml"] = """
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata: {name: dlq}
            spec: {pubsubname: ps, topic: work-dlq, routes: {default: /dlq}}
            scopes: [b]
            """
        return resources.merging(extra) { $1 }
    }

    private static func status(_ text: String) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: Array(#"{"status":"\#(text)"}"#.utf8))
    }

    @Test("RETRY is retried until SUCCESS; lower-case success counts as a retry")
    func retryThenSuccess() async throws {
        let calls = Atomic<Int>(0)
        let harness = try await RuntimeHarness(resources: Self.resources()) { _, request in
            guard request.target == "/work" else { return HTTPResponse(status: .ok) }
            let call = calls.add(1, ordering: .relaxed).newValue
            return call == 1 ? Self.status("RETRY") : call == 2 ? Self.status("success") : Self.status("SUCCESS")
        }
        defer { Task { await harness.shutdown() } }
        #expect(try await harness.send(.post, "/v1.0/publish/ps/work", body: "x").status.code == 204)
        await harness.waitUntil { $0.filter { $0.request.target == "/work" }.count >= 3 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(harness.received.filter { $0.request.target == "/work" }.count == 3)
        #expect(harness.received.filter { $0.request.target == "/dlq" }.isEmpty)
    }

    @Test("a subscriber that hangs is timed out and retried")
    func hangingSubscriber() async throws {
        let calls = Atomic<Int>(0)
        let harness = try await RuntimeHarness(
            resources: Self.resources(),
            delivery: DeliveryPolicy(initialBackoff: .milliseconds(10), timeout: .milliseconds(200))
        ) { _, request in
            guard request.target == "/work" else { return HTTPResponse(status: .ok) }
            if calls.add(1, ordering: .relaxed).newValue == 1 { try? await Task.sleep(for: .seconds(120)) }
            return HTTPResponse(status: .ok)
        }
        defer { Task { await harness.shutdown() } }
        _ = try await harness.send(.post, "/v1.0/publish/ps/work", body: "slow")
        // Without the 200 ms timeout the first call would succeed after 120 s and there would be no second before
        // the wait gives up. (It hung 600 ms before: on a busy machine the watchdog sometimes ran only after that,
        // the first call succeeded, and the test saw one call.)
        await harness.waitUntil { $0.filter { $0.request.target == "/work" }.count >= 2 }
        #expect(calls.load(ordering: .relaxed) == 2)
    }

    @Test("DROP goes to the dead-letter topic with the identical CloudEvent bytes")
    func dropToDeadLetter() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources()) { _, request in
            request.target == "/work" ? Self.status("DROP") : HTTPResponse(status: .ok)
        }
        defer { Task { await harness.shutdown() } }
        _ = try await harness.send(.post, "/v1.0/publish/ps/work", body: "payload")
        let received = await harness.waitUntil { $0.contains { $0.request.target == "/dlq" } }
        let original = try #require(received.first { $0.request.target == "/work" })
        let dead = try #require(received.first { $0.request.target == "/dlq" })
        #expect(dead.request.body == original.request.body)
        #expect(received.filter { $0.request.target == "/work" }.count == 1)
    }

    @Test("404 and exhausted retries without a dead-letter topic are recorded drops; 200 OK text is success")
    func recordedDrops() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources(deadLetter: false)) { _, request in
            let body = String(decoding: request.body, as: UTF8.self)
            if body.contains("missing") { return HTTPResponse(status: .notFound) }
            if body.contains("broken") { return HTTPResponse(status: .internalServerError) }
            return HTTPResponse(status: .ok, contentType: "text/plain", text: "OK")
        }
        defer { Task { await harness.shutdown() } }
        for body in ["missing", "broken", "fine"] {
            _ = try await harness.send(.post, "/v1.0/publish/ps/work", body: body)
        }
        let log = try #require(harness.runtime.messageLog)
        // Five attempts with backoff take a while on a busy machine: wait for the drops, not for a window.
        let deadline = ContinuousClock.now + .seconds(60)
        var drops: [(topic: String, seq: Int64, reason: String)] = []
        while ContinuousClock.now < deadline {
            drops = try await log.drops(appID: "b")
            if drops.count >= 2 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(drops.count == 2)
        #expect(drops.contains { $0.reason.contains("404") })
        #expect(drops.contains { $0.reason.contains("500") && $0.reason.contains("5 attempts") })
        // All three are consumed (two dropped, one delivered): purged as each is acknowledged, three in all.
        var purged = 0
        while purged < 3, ContinuousClock.now < deadline {
            purged += try await log.purgeConsumed()
            if purged < 3 { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(purged == 3)
        let fine = harness.received.filter { String(decoding: $0.request.body, as: UTF8.self).contains("fine") }
        #expect(fine.count == 1)
    }

    @Test("rules route by event type; the default catches the rest")
    func rules() async throws {
        let harness = try await RuntimeHarness(resources: Self.resources())
        defer { Task { await harness.shutdown() } }
        _ = try await harness.send(.post, "/v1.0/publish/ps/work?metadata.cloudevent.type=special", body: "1")
        _ = try await harness.send(.post, "/v1.0/publish/ps/work?metadata.cloudevent.type=plain", body: "2")
        let received = await harness.waitUntil { $0.count >= 2 }
        #expect(Set(received.map(\.request.target)) == ["/special", "/work"])
    }

    @Test("messages of one partition key arrive in order, one at a time, while keys run concurrently")
    func orderPerKey() async throws {
        let inFlight = Mutex<[String: Int]>([:])
        let violations = Atomic<Int>(0)
        let maxConcurrent = Atomic<Int>(0)
        let current = Atomic<Int>(0)
        let harness = try await RuntimeHarness(resources: Self.resources()) { _, request in
            guard let event = try? JSONValue.parse(request.body, lenient: true), let data = event["data"]?.stringValue else {
                return HTTPResponse(status: .ok)
            }
            let key = String(data.split(separator: ":")[0])
            let overlapping = inFlight.withLock { table -> Bool in
                table[key, default: 0] += 1
                return table[key]! > 1
            }
            if overlapping { violations.add(1, ordering: .relaxed) }
            let now = current.add(1, ordering: .relaxed).newValue
            maxConcurrent.max(now, ordering: .relaxed)
            try? await Task.sleep(for: .milliseconds(2))
            current.subtract(1, ordering: .relaxed)
            inFlight.withLock { $0[key, default: 1] -= 1 }
            return HTTPResponse(status: .ok)
        }
        defer { Task { await harness.shutdown() } }
        let keys = (0..<8).map { "user\($0)" }
        for index in 0..<25 {
            for key in keys {
                let response = try await harness.send(
                    .post, "/v1.0/publish/ps/work?metadata.partitionKey=\(key)", body: "\(key):\(index)")
                #expect(response.status.code == 204)
            }
        }
        let received = await harness.waitUntil(timeout: .seconds(20)) { $0.count >= 200 }
        #expect(received.count == 200)
        for key in keys {
            let sequence = received.compactMap { item -> Int? in
                guard let data = (try? JSONValue.parse(item.request.body, lenient: true))?["data"]?.stringValue else {
                    return nil
                }
                let parts = data.split(separator: ":")
                return parts[0] == key ? Int(parts[1]) : nil
            }
            #expect(sequence == Array(0..<25), "\(key)")
        }
        #expect(violations.load(ordering: .relaxed) == 0)
        #expect(maxConcurrent.load(ordering: .relaxed) > 1)
    }

    @Test("an answer slower than the HTTP client's own timeout but within the delivery timeout is delivered once")
    func slowAnswerWithinDeliveryTimeout() async throws {
        let harness = try await RuntimeHarness(
            resources: Self.resources(),
            delivery: DeliveryPolicy(initialBackoff: .milliseconds(10), timeout: .seconds(60)),
            clientTimeout: .seconds(1)
        ) { _, request in
            if request.target == "/work", request.body.contains(Array("slow".utf8)) {
                try? await Task.sleep(for: .milliseconds(1500))
            }
            return HTTPResponse(status: .ok)
        }
        defer { Task { await harness.shutdown() } }
        for body in ["slow", "next"] {
            let response = try await harness.send(.post, "/v1.0/publish/ps/work?metadata.partitionKey=k", body: body)
            #expect(response.status.code == 204)
        }
        // One key delivers in order: a retried "slow" would arrive again before "next".
        let received = await harness.waitUntil { $0.contains { $0.request.body.contains(Array("next".utf8)) } }
        let data = received.compactMap { (try? JSONValue.parse($0.request.body, lenient: true))?["data"]?.stringValue }
        #expect(data == ["slow", "next"])
    }

    @Test("a stopped runtime keeps queued and unacknowledged messages; the next one delivers them")
    func restartSurvival() async throws {
        let block = Atomic<Bool>(true)
        let first = try await RuntimeHarness(resources: Self.resources()) { _, request in
            if block.load(ordering: .relaxed), request.target == "/work" {
                try? await Task.sleep(for: .milliseconds(300))
                return HTTPResponse(status: .internalServerError)
            }
            return HTTPResponse(status: .ok)
        }
        for index in 0..<20 {
            _ = try await first.send(.post, "/v1.0/publish/ps/work?metadata.partitionKey=k", body: "m\(index)")
        }
        await first.waitUntil { !$0.isEmpty }
        await first.shutdown(removeDirectory: false)
        let second = try await RuntimeHarness(resources: Self.resources(), directory: first.directory)
        defer { Task { await second.shutdown() } }
        let received = await second.waitUntil { Set($0.map(\.request.body)).count >= 20 }
        let bodies = Set(received.compactMap { (try? JSONValue.parse($0.request.body, lenient: true))?["data"]?.stringValue })
        #expect(bodies == Set((0..<20).map { "m\($0)" }))
    }
}
