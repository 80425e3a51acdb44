/// One key/value pair of a YAML mapping.
package struct YAMLPair: Sendable, Hashable {
    /// The key node (a scalar in every Dapr resource).
    package var key: YAMLNode
    /// The value node.
    package var value: YAMLNode

    /// Creates a pair.
    package init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
