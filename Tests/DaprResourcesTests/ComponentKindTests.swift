import DaprResources
import Testing

@Suite struct ComponentKindTests {
    static let cases: [(String, ComponentKind)] = [
        ("pubsub.kafka", .pubsub), ("pubsub.in-memory", .pubsub), ("pubsub.redis", .pubsub),
        ("state.redis", .state), ("state.postgresql", .state), ("secretstores.local.file", .secretStore),
        ("secretstores.kubernetes", .secretStore), ("bindings.cron", .cronBinding), ("bindings.http", .binding),
        ("configuration.redis", .configuration), ("lock.redis", .lock), ("crypto.dapr.localstorage", .crypto),
        ("middleware.http.bearer", .middleware), ("nameresolution.mdns", .nameResolution),
        ("conversation.openai", .conversation), ("workflow.dapr", .workflow), ("mystery.thing", .unknown), ("", .unknown),
    ]

    @Test("a spec.type maps to its family", arguments: cases)
    func family(type: String, kind: ComponentKind) {
        #expect(ComponentKind(type: type) == kind)
    }
}
