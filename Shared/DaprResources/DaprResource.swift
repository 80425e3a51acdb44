/// One Dapr resource read from a YAML document: a component, a subscription, a configuration or a resiliency policy.
package enum DaprResource: Sendable, Hashable {
    /// `kind: Component`.
    case component(Component)
    /// `kind: Subscription` (v1alpha1 or v2alpha1).
    case subscription(Subscription)
    /// `kind: Configuration`, kept raw.
    case configuration(RawResource)
    /// `kind: Resiliency`, kept raw.
    case resiliency(RawResource)

    /// The resource's `metadata`.
    package var metadata: ResourceMetadata {
        switch self {
        case .component(let value): value.metadata
        case .subscription(let value): value.metadata
        case .configuration(let value), .resiliency(let value): value.metadata
        }
    }

    /// The resource's `metadata.name`.
    package var name: String { metadata.name }

    /// The resource's `kind`.
    package var kind: String {
        switch self {
        case .component: "Component"
        case .subscription: "Subscription"
        case .configuration: "Configuration"
        case .resiliency: "Resiliency"
        }
    }

    /// The API versions each kind accepts.
    private static let apiVersions: [String: [String]] = [
        "Component": ["dapr.io/v1alpha1"],
        "Subscription": ["dapr.io/v2alpha1", "dapr.io/v1alpha1"],
        "Configuration": ["dapr.io/v1alpha1"],
        "Resiliency": ["dapr.io/v1alpha1"],
    ]

    /// The top-level keys each kind allows.
    private static let topKeys: [String: Set<String>] = [
        "Component": ["apiVersion", "kind", "metadata", "spec", "auth", "scopes"],
        "Subscription": ["apiVersion", "kind", "metadata", "spec", "scopes"],
        "Configuration": ["apiVersion", "kind", "metadata", "spec"],
        "Resiliency": ["apiVersion", "kind", "metadata", "spec", "scopes"],
    ]

    /// Validates one document's root node and decodes it.
    /// - Parameters:
    ///   - node: The document's root.
    ///   - path: The file, for error messages.
    /// - Throws: `ResourceError` naming the field, file, line and column at fault.
    package init(node: YAMLNode, path: String) throws(ResourceError) {
        let envelope = try FieldReader(node, field: "", path: path, allowed: nil)
        let kindNode = try envelope.required("kind")
        let kind = try envelope.string(kindNode, field: "kind")
        guard let versions = Self.apiVersions[kind], let allowed = Self.topKeys[kind] else {
            throw ResourceError(
                .unsupportedKind, "unsupported kind '\(kind)' (expected Component, Subscription, Configuration or Resiliency)",
                path: path, mark: kindNode.mark)
        }
        let versionNode = try envelope.required("apiVersion")
        let apiVersion = try envelope.string(versionNode, field: "apiVersion")
        guard versions.contains(apiVersion) else {
            throw ResourceError(
                .unsupportedAPIVersion,
                "unsupported apiVersion '\(apiVersion)' for kind \(kind) (expected \(versions.joined(separator: " or ")))",
                path: path, mark: versionNode.mark)
        }
        let top = try FieldReader(node, field: "", path: path, allowed: allowed)
        switch kind {
        case "Component": self = .component(try Component(from: top))
        case "Subscription": self = .subscription(try Subscription(from: top, apiVersion: apiVersion))
        case "Configuration": self = .configuration(try RawResource(kind: kind, from: top))
        default: self = .resiliency(try RawResource(kind: kind, from: top))
        }
    }
}
