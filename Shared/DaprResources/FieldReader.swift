/// Reads the fields of one YAML mapping against a hand-encoded schema: allowed keys, required keys and YAML types.
///
/// Every error names the dotted field path (`spec.metadata[2].name`) and the file position of the offending node.
struct FieldReader {
    /// The mapping node being read.
    let node: YAMLNode
    /// The dotted path of this mapping ("" at the top of a document).
    let field: String
    /// The file, for error messages.
    let path: String
    private let values: [String: YAMLNode]

    /// Checks that `node` is a mapping whose keys are strings, unique and in `allowed` (nil: any key).
    /// - Throws: `ResourceError` (`wrongType`, `unknownField`, `invalidValue` for a duplicate key).
    init(_ node: YAMLNode, field: String, path: String, allowed: Set<String>?) throws(ResourceError) {
        guard let pairs = node.pairs else {
            throw ResourceError(
                .wrongType, "expected a mapping for '\(field.isEmpty ? "<document>" : field)' but found \(node.typeName)",
                path: path, mark: node.mark)
        }
        var values: [String: YAMLNode] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar else {
                throw ResourceError(.wrongType, "expected a string key in '\(field)'", path: path, mark: pair.key.mark)
            }
            let keyPath = field.isEmpty ? key : "\(field).\(key)"
            if let allowed, !allowed.contains(key) {
                throw ResourceError(.unknownField, "unknown field '\(keyPath)'", path: path, mark: pair.key.mark)
            }
            guard values[key] == nil else {
                throw ResourceError(.invalidValue, "duplicate field '\(keyPath)'", path: path, mark: pair.key.mark)
            }
            values[key] = pair.value
        }
        self.node = node
        self.field = field
        self.path = path
        self.values = values
    }

    /// The keys present, in no particular order.
    var keys: Dictionary<String, YAMLNode>.Keys { values.keys }

    /// The dotted path of a child field.
    func fieldPath(_ key: String) -> String { field.isEmpty ? key : "\(field).\(key)" }

    /// The raw node of a field, or nil when absent.
    func node(_ key: String) -> YAMLNode? { values[key] }

    /// The raw node of a required field.
    /// - Throws: `ResourceError.missingField`, marked at this mapping.
    func required(_ key: String) throws(ResourceError) -> YAMLNode {
        guard let value = values[key] else {
            throw ResourceError(.missingField, "missing required field '\(fieldPath(key))'", path: path, mark: node.mark)
        }
        return value
    }

    /// A string field; plain scalars that YAML types as numbers, booleans or null are rejected, as the CRD schema does.
    func string(_ key: String) throws(ResourceError) -> String? {
        guard let value = values[key] else { return nil }
        return try string(value, field: fieldPath(key))
    }

    /// A required string field.
    func requiredString(_ key: String) throws(ResourceError) -> String {
        try string(required(key), field: fieldPath(key))
    }

    /// Checks that `value` is a string scalar.
    func string(_ value: YAMLNode, field: String) throws(ResourceError) -> String {
        guard value.typeName == "string", let text = value.scalar else {
            throw wrongType(value, field: field, expected: "a string")
        }
        return text
    }

    /// A boolean field (`true`/`false`, unquoted).
    func bool(_ key: String) throws(ResourceError) -> Bool? {
        guard let value = values[key] else { return nil }
        guard value.typeName == "boolean", let text = value.scalar else {
            throw wrongType(value, field: fieldPath(key), expected: "a boolean")
        }
        return text.lowercased() == "true"
    }

    /// A 32-bit integer field.
    func int32(_ key: String) throws(ResourceError) -> Int32? {
        guard let value = values[key] else { return nil }
        guard value.typeName == "integer", let text = value.scalar, let number = Int32(text) else {
            throw wrongType(value, field: fieldPath(key), expected: "a 32-bit integer")
        }
        return number
    }

    /// A nested mapping field, read with its own allowed keys.
    func mapping(_ key: String, allowed: Set<String>?) throws(ResourceError) -> FieldReader? {
        guard let value = values[key] else { return nil }
        return try FieldReader(value, field: fieldPath(key), path: path, allowed: allowed)
    }

    /// A sequence field's items.
    func sequence(_ key: String) throws(ResourceError) -> [YAMLNode]? {
        guard let value = values[key] else { return nil }
        guard let items = value.items else { throw wrongType(value, field: fieldPath(key), expected: "a sequence") }
        return items
    }

    /// A sequence-of-strings field.
    func stringList(_ key: String) throws(ResourceError) -> [String]? {
        guard let items = try sequence(key) else { return nil }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            strings.append(try string(item, field: "\(fieldPath(key))[\(index)]"))
        }
        return strings
    }

    /// A string-to-string mapping field.
    func stringMap(_ key: String) throws(ResourceError) -> [String: String]? {
        guard let reader = try mapping(key, allowed: nil) else { return nil }
        var map: [String: String] = [:]
        for name in reader.keys {
            map[name] = try reader.string(name)
        }
        return map
    }

    /// An error for a node of the wrong YAML type.
    func wrongType(_ value: YAMLNode, field: String, expected: String) -> ResourceError {
        ResourceError(.wrongType, "expected \(expected) for '\(field)' but found \(value.typeName)", path: path, mark: value.mark)
    }
}
