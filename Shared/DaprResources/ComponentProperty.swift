/// One entry of a component's `spec.metadata`: a name and a plain value, a secret reference or an environment reference.
package struct ComponentProperty: Sendable, Hashable {
    /// Where the property's value comes from.
    package enum Value: Sendable, Hashable {
        /// A plain value (`value:`), as written (a YAML scalar's text; collections in flow style).
        case value(String)
        /// `secretKeyRef: {name, key}`, resolved through the component's `auth.secretStore`.
        case secretKeyRef(name: String, key: String?)
        /// `envRef:`, the name of an environment variable of the Dapr process.
        case envRef(String)
        /// No value given.
        case none
    }

    /// `name`.
    package var name: String
    /// The value.
    package var value: Value

    /// Creates a property.
    package init(name: String, value: Value) {
        self.name = name
        self.value = value
    }

    /// Reads one `spec.metadata` entry.
    init(from node: YAMLNode, field: String, path: String) throws(ResourceError) {
        let reader = try FieldReader(node, field: field, path: path, allowed: ["name", "value", "secretKeyRef", "envRef"])
        name = try reader.requiredString("name")
        if let secret = try reader.mapping("secretKeyRef", allowed: ["name", "key"]) {
            value = .secretKeyRef(name: try secret.requiredString("name"), key: try secret.string("key"))
        } else if let env = try reader.string("envRef") {
            value = .envRef(env)
        } else if let raw = reader.node("value") {
            value = .value(raw.flowText)
        } else {
            value = .none
        }
    }
}
