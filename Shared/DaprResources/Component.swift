/// A Dapr `Component` resource (`apiVersion: dapr.io/v1alpha1`): a pub/sub, state store, secret store, binding, …
///
/// ```yaml
/// apiVersion: dapr.io/v1alpha1
/// kind: Component
/// metadata: {name: todo-pubsub}
/// spec:
///   type: pubsub.kafka
///   version: v1
///   metadata:
///   - {name: brokers, value: "kafka:9092"}
/// ```
package struct Component: Sendable, Hashable {
    /// `metadata` (name, namespace, labels, annotations).
    package var metadata: ResourceMetadata
    /// `spec.type`, such as `pubsub.kafka`.
    package var type: String
    /// `spec.version`, such as `v1`.
    package var version: String
    /// `spec.ignoreErrors`: start even if the component fails to initialise.
    package var ignoreErrors: Bool
    /// `spec.initTimeout`, a Go duration string, if set.
    package var initTimeout: String?
    /// `spec.metadata`, in file order.
    package var properties: [ComponentProperty]
    /// `scopes`: the app IDs allowed to load it (empty: every app).
    package var scopes: [String]
    /// `auth.secretStore`: the secret store that resolves `secretKeyRef`s.
    package var secretStore: String?

    /// `metadata.name`.
    package var name: String { metadata.name }
    /// The family of `type`.
    package var kind: ComponentKind { ComponentKind(type: type) }

    /// Creates a component.
    package init(
        metadata: ResourceMetadata, type: String, version: String = "v1", ignoreErrors: Bool = false,
        initTimeout: String? = nil, properties: [ComponentProperty] = [], scopes: [String] = [], secretStore: String? = nil
    ) {
        self.metadata = metadata
        self.type = type
        self.version = version
        self.ignoreErrors = ignoreErrors
        self.initTimeout = initTimeout
        self.properties = properties
        self.scopes = scopes
        self.secretStore = secretStore
    }

    /// The plain value of the property named `name` (exact match, as Dapr's metadata lookup is for most keys).
    /// - Returns: nil when the property is absent or is a `secretKeyRef`/`envRef`.
    package func value(_ name: String) -> String? {
        for property in properties where property.name == name {
            if case .value(let text) = property.value { return text }
        }
        return nil
    }

    /// Whether the app `appID` may load this component (`scopes` empty or containing it).
    package func isVisible(to appID: String) -> Bool { scopes.isEmpty || scopes.contains(appID) }

    /// Reads and validates a Component document.
    init(from top: FieldReader) throws(ResourceError) {
        metadata = try ResourceMetadata(from: top)
        let spec = try FieldReader(
            top.required("spec"), field: "spec", path: top.path,
            allowed: ["type", "version", "ignoreErrors", "initTimeout", "metadata"])
        type = try spec.requiredString("type")
        let parts = type.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ResourceError(
                .invalidValue, "'spec.type' must look like '<category>.<name>' (e.g. pubsub.kafka), not '\(type)'",
                path: top.path, mark: spec.node("type")?.mark)
        }
        version = try spec.requiredString("version")
        ignoreErrors = try spec.bool("ignoreErrors") ?? false
        initTimeout = try spec.string("initTimeout")
        var properties: [ComponentProperty] = []
        for (index, item) in try (spec.sequence("metadata") ?? []).enumerated() {
            properties.append(try ComponentProperty(from: item, field: "spec.metadata[\(index)]", path: top.path))
        }
        if properties.isEmpty { _ = try spec.required("metadata") }
        self.properties = properties
        scopes = try top.stringList("scopes") ?? []
        secretStore = try top.mapping("auth", allowed: ["secretStore"])?.requiredString("secretStore")
    }
}
