/// One node of a parsed YAML document (a scalar, a sequence or a mapping) and where it starts in its file.
///
/// Dapr resource files are read into this tree by `YAMLParser`, then validated and decoded by the resource types.
package struct YAMLNode: Sendable, Hashable {
    /// What the node holds.
    package enum Content: Sendable, Hashable {
        /// A scalar, with its text and whether it was written plain (unquoted), which decides its YAML type.
        case scalar(String, plain: Bool)
        /// A sequence of nodes, in order.
        case sequence([YAMLNode])
        /// A mapping, as key/value pairs in file order.
        case mapping([YAMLPair])
    }

    /// The node's content.
    package var content: Content
    /// Where the node starts (1-based line and column).
    package var mark: YAMLMark

    /// Creates a node.
    package init(_ content: Content, mark: YAMLMark) {
        self.content = content
        self.mark = mark
    }

    /// The scalar's text, or nil for a sequence or a mapping.
    package var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The mapping's pairs, or nil for a scalar or a sequence.
    package var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The sequence's items, or nil for a scalar or a mapping.
    package var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The value for a string key of a mapping, or nil.
    package subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar == key }?.value
    }

    /// The YAML 1.2 core-schema type of the node: `string`, `integer`, `number`, `boolean`, `null`, `sequence`, `mapping`.
    package var typeName: String {
        switch content {
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        case .scalar(let text, let plain):
            guard plain else { return "string" }
            if YAMLNode.nulls.contains(text) { return "null" }
            if YAMLNode.booleans.contains(text) { return "boolean" }
            if YAMLNode.isInteger(text) { return "integer" }
            if Double(text) != nil || [".inf", "-.inf", "+.inf", ".nan", ".Inf", ".NaN"].contains(text) { return "number" }
            return "string"
        }
    }

    /// The node as JSON-like text: scalars verbatim, collections in flow style (used for a structured metadata value).
    package var flowText: String {
        switch content {
        case .scalar(let text, _): return text
        case .sequence(let items): return "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { "\($0.key.flowText): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        }
    }

    private static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
    private static let booleans: Set<String> = ["true", "True", "TRUE", "false", "False", "FALSE"]

    private static func isInteger(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        if body.hasPrefix("0x") { return body.count > 2 && body.dropFirst(2).allSatisfy(\.isHexDigit) }
        if body.hasPrefix("0o") { return body.count > 2 && body.dropFirst(2).allSatisfy { ("0"..."7").contains($0) } }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
