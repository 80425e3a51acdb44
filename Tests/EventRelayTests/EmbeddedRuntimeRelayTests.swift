import Dapr
import EmbeddedRuntime
import EmbeddedSeams
import EventRelay
import FoundationEssentials
import HTTPClient
import HTTPTypes
import JSON
import Storage
import Synchronization
import Testing

/// `DaprEventPublisher` against the real embedded runtime: what a subscriber receives through bulk and single
/// publishes, and the relay end to end over a real SQLite outbox.
@Suite("Bulk publishing through the embedded runtime")
struct EmbeddedRuntimeRelayTests {
    @Test("a subscriber receives the same CloudEvent through bulk publish as through single publish")
    func sameCloudEvent() async throws {
        try await withRuntime { dapr, deliveries in
            // Arrange
            let message = try TestOutbox.message("alice", 7)
            var stored: OutboxEvent?
            try await TestOutbox.with { outbox in
                try await outbox.append([message])
                stored = try await outbox.unsent(limit: 1).first
            }
            let event = try #require(stored)
            let publisher = DaprEventPublisher(dapr: dapr)

            // Act: the same stored event once each way.
            try await publisher.publish(event)
            #expect(await publisher.publish(batch: [event]).allAccepted)

            // Assert
            let received = try #require(await deliveries.wait(for: 2))
            let single = try JSONValue.parse(received[0], lenient: true)
            let bulk = try JSONValue.parse(received[1], lenient: true)
            #expect(single == bulk)
            let original = try JSONValue.parse(message.payload, lenient: true)
            for field in ["id", "type", "source", "subject", "data", "datacontenttype", "time", "partitionkey", "sequence"] {
                #expect(bulk[field] != nil && bulk[field] == original[field], "\(field)")
            }
            #expect(bulk["topic"] == .string("task-events"))
            #expect(bulk["pubsubname"] == .string("todo-pubsub"))
        }
    }

    @Test("the relay delivers every event once, in order per user, and marks all sent")
    func relayEndToEnd() async throws {
        try await withRuntime { dapr, deliveries in
            try await TestOutbox.with { outbox in
                let users = ["alice", "bob", "carol", "dave"]
                let messages = try (0..<60).map { try TestOutbox.message(users[$0 % 4], $0) }
                try await outbox.append(messages)
                let relay = OutboxRelay(store: outbox, publisher: DaprEventPublisher(dapr: dapr), batchSize: 25)

                #expect(try await relay.relayAll() == 60)

                let received = try #require(await deliveries.wait(for: 60))
                let ids = try received.map {
                    try #require(UUID(uuidString: JSONValue.parse($0, lenient: true)["id"]?.stringValue ?? ""))
                }
                #expect(ids.count == 60 && Set(ids) == Set(messages.map(\.eventID)))
                for user in users {
                    let expected = messages.filter { $0.partitionKey == user }.map(\.eventID)
                    #expect(ids.filter(expected.contains) == expected, "\(user)")
                }
                #expect(try await outbox.unsentCount() == 0)
            }
        }
    }

    /// What the subscriber received, in arrival order.
    final class Deliveries: Sendable {
        private let bodies = Mutex<[[UInt8]]>([])

        func record(_ body: [UInt8]) { bodies.withLock { $0.append(body) } }

        /// The bodies once there are `count` of them (nil after 10 s).
        func wait(for count: Int) async -> [[UInt8]]? {
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                let current = bodies.withLock { $0 }
                if current.count >= count { return current }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return nil
        }
    }

    private static let resources = [
        "pubsub.yaml": """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: todo-pubsub}
        spec: {type: pubsub.kafka, version: v1, metadata: []}
        """,
        "subscription.yaml": """
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata: {name: audit}
        spec:
          pubsubname: todo-pubsub
          topic: task-events
          routes: {default: /events}
        scopes: [audit-log]
        """,
    ]

    /// Runs `body` with a started runtime serving `task-crud` (the publisher) and `audit-log` (the subscriber).
    private func withRuntime(_ body: (HTTPDaprClient, Deliveries) async throws -> Void) async throws {
        let directory = "/tmp/relay-runtime-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/dapr", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in Self.resources {
            _ = FileManager.default.createFile(atPath: directory + "/dapr/" + name, contents: Data(text.utf8))
        }
        let deliveries = Deliveries()
        let channel: AppChannel = { appID, request in
            if appID == "audit-log", request.method == .post, request.path == "/events" {
                deliveries.record(request.body)
                return HTTPResponse(status: .ok, contentType: "application/json", text: #"{"status":"SUCCESS"}"#)
            }
            return HTTPResponse(status: .ok, contentType: "application/json", text: "[]")
        }
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory + "/data", resourcesDirectory: directory + "/dapr",
                apps: [.init(appID: "task-crud"), .init(appID: "audit-log")], appChannel: channel),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
        let http = HTTPClient()
        let dapr = HTTPDaprClient(endpoint: "http://127.0.0.1:\(runtime.apiPort(for: "task-crud"))", httpClient: http)
        do {
            try await body(dapr, deliveries)
        } catch {
            http.close()
            await runtime.stop()
            throw error
        }
        http.close()
        await runtime.stop()
    }
}
