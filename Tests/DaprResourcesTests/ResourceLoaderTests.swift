import DaprResources
import FoundationEssentials
import Testing

@Suite struct ResourceLoaderTests {
    /// `Tests/DaprResourcesTests/Fixtures`, found from this file rather than a bundle.
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures").path
    /// The package root, which holds the project's `dapr/` folder.
    static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test("the project's dapr folder loads and every file is a valid resource")
    func projectFolder() throws {
        let resources = try ResourceLoader.load(directory: "\(Self.root)/dapr")
        let names = resources.map { "\($0.kind)/\($0.name)" }.sorted()
        #expect(
            names == [
                "Component/outbox-relay-cron", "Component/todo-livestate", "Component/todo-pubsub", "Component/todo-secrets",
                "Component/todo-statestore", "Configuration/audit-log-config", "Configuration/recurrence-generate-config",
                "Configuration/reminder-fire-config", "Configuration/task-crud-config", "Configuration/todo-config",
                "Configuration/ws-fanout-config", "Configuration/ws-gateway-config",
                "Resiliency/todo-resiliency",
            ])
        let components = resources.compactMap { resource -> Component? in
            if case .component(let component) = resource { return component }
            return nil
        }
        let byName = Dictionary(uniqueKeysWithValues: components.map { ($0.name, $0) })
        let pubsub = try #require(byName["todo-pubsub"])
        #expect(pubsub.type == "pubsub.kafka" && pubsub.kind == .pubsub && pubsub.version == "v1")
        #expect(pubsub.value("consumerGroup") == "{appID}")
        #expect(pubsub.value("authType") == "none")
        #expect(pubsub.value("brokers")?.isEmpty == false)
        let state = try #require(byName["todo-statestore"])
        #expect(state.kind == .state && state.value("actorStateStore") == "false")
        #expect(state.secretStore == "todo-secrets")
        #expect(state.properties.contains { $0.value == .secretKeyRef(name: "todo-functions", key: "redis-password") })
        #expect(byName["todo-secrets"]?.kind == .secretStore)
        let cron = try #require(byName["outbox-relay-cron"])
        #expect(cron.kind == .cronBinding && cron.value("schedule") == "@every 15m")
        // Every function with an outbox relay; audit-log publishes nothing.
        #expect(cron.scopes == ["task-crud", "reminder-fire", "recurrence-generate"])
        #expect(cron.isVisible(to: "task-crud") && cron.isVisible(to: "reminder-fire") && !cron.isVisible(to: "audit-log"))
        let configuration = try #require(resources.first { $0.kind == "Configuration" && $0.name == "todo-config" })
        if case .configuration(let raw) = configuration {
            #expect(raw.specValue("tracing.samplingRate") == "1")
        }
        let resiliency = try #require(resources.first { $0.kind == "Resiliency" })
        if case .resiliency(let raw) = resiliency {
            #expect(raw.specValue("targets.components.todo-pubsub.inbound.retry") == "pubsubInbound")
            #expect(raw.specValue("targets.components.todo-pubsub.inbound.circuitBreaker") == "app")
        }
    }

    @Test("a declarative v2alpha1 subscription keeps rules, default route, dead letters, bulk settings and scopes")
    func declarativeSubscription() throws {
        let resources = try ResourceLoader.load(file: "\(Self.fixtures)/orders-subscription.yaml")
        guard case .subscription(let subscription) = try #require(resources.first) else {
            Issue.record("not a subscription")
            return
        }
        #expect(subscription.apiVersion == "dapr.io/v2alpha1")
        #expect(subscription.name == "orders-sub" && subscription.metadata.namespace == "shop")
        #expect(subscription.pubsubName == "todo-pubsub" && subscription.topic == "task-events")
        #expect(
            subscription.routes.rules == [
                .init(match: #"event.type == "TaskCompleted""#, path: "/events/completed"),
                .init(match: #"event.type == "TaskDeleted""#, path: "/events/deleted"),
            ])
        #expect(subscription.routes.defaultPath == "/events")
        #expect(subscription.deadLetterTopic == "task-events-dlq")
        #expect(subscription.bulkSubscribe?.enabled == false && subscription.bulkSubscribe?.maxMessagesCount == 100)
        #expect(subscription.properties == ["rawPayload": "false"])
        #expect(subscription.scopes == ["audit-log", "ws-fanout"])
        #expect(subscription.isVisible(to: "audit-log") && !subscription.isVisible(to: "task-crud"))
    }

    @Test("a multi-document file yields each resource in order and skips empty and non-resource documents")
    func multiDocument() throws {
        let resources = try ResourceLoader.load(file: "\(Self.fixtures)/mixed.yml")
        #expect(resources.map(\.name) == ["legacy-sub", "local-secrets"])
        guard case .subscription(let legacy) = resources[0], case .component(let secrets) = resources[1] else {
            Issue.record("unexpected kinds \(resources.map(\.kind))")
            return
        }
        #expect(legacy.apiVersion == "dapr.io/v1alpha1" && legacy.routes == .init(defaultPath: "/reminders"))
        #expect(secrets.kind == .secretStore && secrets.value("nestedSeparator") == ".")
        #expect(secrets.value("retries") == "3")
        #expect(secrets.value("hosts") == "[a, b]")
    }

    @Test("loading the fixtures folder finds .yaml and .yml files and ignores the JSON file")
    func directory() throws {
        let names = try ResourceLoader.load(directory: Self.fixtures).map(\.name)
        #expect(names == ["legacy-sub", "local-secrets", "orders-sub"])
    }

    @Test("two resources of one kind with the same name in a folder are refused, naming both files")
    func duplicates() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "dapr-resources-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(folder)/components", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let component = try Data(contentsOf: URL(filePath: "\(Self.root)/dapr/components/pubsub.yaml"))
        try component.write(to: URL(filePath: "\(folder)/a.yaml"))
        try component.write(to: URL(filePath: "\(folder)/components/b.yml"))
        #expect {
            try ResourceLoader.load(directory: folder)
        } throws: { error in
            "\(error)" == "duplicate Component 'todo-pubsub' (first defined in \(folder)/a.yaml) at \(folder)/components/b.yml"
        }
    }

    @Test("a missing directory or file is an I/O error naming the path")
    func missing() {
        #expect {
            try ResourceLoader.load(directory: "/nonexistent/dapr")
        } throws: { error in
            (error as? ResourceError)?.code == .io && "\(error)" == "cannot list directory at /nonexistent/dapr"
        }
        #expect(throws: ResourceError.self) { try ResourceLoader.load(file: "/nonexistent/pubsub.yaml") }
    }
}
