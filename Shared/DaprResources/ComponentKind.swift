/// The family of a component's `spec.type` (`pubsub.kafka` → `.pubsub`), which the embedded runtime maps to its own
/// implementation: any pub/sub to the durable log, any state store to the key-value store, and so on.
package struct ComponentKind: Hashable, Sendable, CustomStringConvertible {
    private enum Value: String {
        case pubsub, state, secretStore, cronBinding, binding, configuration, lock, crypto, middleware, nameResolution
        case conversation, workflow, unknown
    }
    private let value: Value

    /// `pubsub.*`: a message broker.
    package static let pubsub = ComponentKind(value: .pubsub)
    /// `state.*`: a state store.
    package static let state = ComponentKind(value: .state)
    /// `secretstores.*`: a secret store.
    package static let secretStore = ComponentKind(value: .secretStore)
    /// `bindings.cron`: a timer input binding.
    package static let cronBinding = ComponentKind(value: .cronBinding)
    /// Any other `bindings.*`.
    package static let binding = ComponentKind(value: .binding)
    /// `configuration.*`: a configuration store.
    package static let configuration = ComponentKind(value: .configuration)
    /// `lock.*`: a distributed lock.
    package static let lock = ComponentKind(value: .lock)
    /// `crypto.*`: a cryptography provider.
    package static let crypto = ComponentKind(value: .crypto)
    /// `middleware.*`: an HTTP middleware.
    package static let middleware = ComponentKind(value: .middleware)
    /// `nameresolution.*`: a name resolver.
    package static let nameResolution = ComponentKind(value: .nameResolution)
    /// `conversation.*`: an LLM conversation provider.
    package static let conversation = ComponentKind(value: .conversation)
    /// `workflow.*`: a workflow engine.
    package static let workflow = ComponentKind(value: .workflow)
    /// A type whose family Dapr does not know.
    package static let unknown = ComponentKind(value: .unknown)

    /// The family of a `spec.type` such as `pubsub.kafka`, `state.redis`, `bindings.cron`.
    package init(type: String) {
        if type == "bindings.cron" {
            value = .cronBinding
            return
        }
        let family = type.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        value = Self.families[family] ?? .unknown
    }

    private init(value: Value) {
        self.value = value
    }

    private static let families: [String: Value] = [
        "pubsub": .pubsub, "state": .state, "secretstores": .secretStore, "bindings": .binding,
        "configuration": .configuration, "lock": .lock, "crypto": .crypto, "middleware": .middleware,
        "nameresolution": .nameResolution, "conversation": .conversation, "workflow": .workflow,
    ]

    /// A readable rendering.
    package var description: String { value.rawValue }
}
