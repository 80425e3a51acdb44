package import FoundationEssentials

/// The secrets of a `secretstores.local.file` component: a JSON file read once, flattened as Dapr's file store does.
///
/// With `multiValued` false every leaf is one secret named by its path joined with `nestedSeparator`
/// (`{"db":{"user":"u"}}` → `db:user`); with it true every top-level key is one secret whose fields are the flattened
/// leaves below it. Non-string leaves get Go's `%s` rendering (`%!s(float64=5432)`), exactly as daprd serves them.
package struct LocalFileSecretStore: Sendable {
    /// Every secret by name; each secret is a map of keys to values.
    package let secrets: [String: [String: String]]

    /// Flattens a secrets document.
    /// - Parameters:
    ///   - json: The file's bytes: a JSON object.
    ///   - nestedSeparator: Joins nested keys (default `:`).
    ///   - multiValued: Whether each top-level key is a multi-key secret.
    /// - Throws: `ResourceError` (`invalidValue`) when the bytes are not a JSON object.
    package init(json: Data, nestedSeparator: String = ":", multiValued: Bool = false, path: String = "secrets file")
        throws(ResourceError)
    {
        let document: SecretJSON
        do {
            document = try JSONDecoder().decode(SecretJSON.self, from: json)
        } catch {
            throw ResourceError(.invalidValue, "secrets file is not valid JSON", path: path, mark: nil, underlying: error)
        }
        if case .null = document {  // Go unmarshals `null` into an empty map.
            secrets = [:]
            return
        }
        guard case .object(let top) = document else {
            throw ResourceError(.invalidValue, "secrets file must hold a JSON object", path: path, mark: nil)
        }
        var secrets: [String: [String: String]] = [:]
        if multiValued {
            for (name, value) in top {
                switch value {
                case .string(let text): secrets[name] = [name: text]
                case .object:
                    var fields: [String: String] = [:]
                    Self.flatten(value, prefix: nil, separator: nestedSeparator, into: &fields)
                    secrets[name] = fields
                default: continue
                }
            }
        } else {
            var leaves: [String: String] = [:]
            Self.flatten(document, prefix: nil, separator: nestedSeparator, into: &leaves)
            for (name, value) in leaves { secrets[name] = [name: value] }
        }
        self.secrets = secrets
    }

    /// Reads the file a component names in `secretsFile`, honouring its `nestedSeparator` and `multiValued`.
    /// - Parameters:
    ///   - component: A `secretstores.local.file` component.
    ///   - baseDirectory: The directory a relative `secretsFile` is resolved against (daprd's working directory).
    /// - Throws: `ResourceError` when `secretsFile` is missing or the file cannot be read or parsed.
    package init(component: Component, baseDirectory: String) throws(ResourceError) {
        guard let file = component.value("secretsFile"), !file.isEmpty else {
            throw ResourceError(
                .missingField, "missing local secrets file in metadata of component '\(component.name)'", path: component.name,
                mark: nil)
        }
        let path = file.hasPrefix("/") ? file : "\(baseDirectory)/\(file)"
        let data: Data
        do {
            data = try Data(contentsOf: URL(filePath: path))
        } catch {
            throw ResourceError(.io, "cannot read secrets file", path: path, mark: nil, underlying: error)
        }
        let separator = component.value("nestedSeparator").flatMap { $0.isEmpty ? nil : $0 } ?? ":"
        // Go's strconv.ParseBool spellings of true.
        let multiValued = ["1", "t", "true"].contains(component.value("multiValued")?.lowercased() ?? "")
        try self.init(json: data, nestedSeparator: separator, multiValued: multiValued, path: path)
    }

    /// The secret named `name`, or nil when there is none (daprd answers 500 `ERR_SECRET_GET`).
    package func secret(_ name: String) -> [String: String]? { secrets[name] }

    private static func flatten(_ value: SecretJSON, prefix: String?, separator: String, into leaves: inout [String: String]) {
        func join(_ key: String) -> String { prefix.map { "\($0)\(separator)\(key)" } ?? key }
        switch value {
        case .object(let members):
            for (key, member) in members { flatten(member, prefix: join(key), separator: separator, into: &leaves) }
        case .array(let items):
            for (index, item) in items.enumerated() {
                flatten(item, prefix: join(String(index)), separator: separator, into: &leaves)
            }
        case .string(let text): if let prefix { leaves[prefix] = text }
        case .number(let number): if let prefix { leaves[prefix] = "%!s(float64=\(goFloatString(number)))" }
        case .bool(let flag): if let prefix { leaves[prefix] = "%!s(bool=\(flag))" }
        case .null: if let prefix { leaves[prefix] = "%!s(<nil>)" }
        }
    }
}

/// A JSON value of a secrets file.
private enum SecretJSON: Decodable {
    case object([String: SecretJSON]), array([SecretJSON]), string(String), number(Double), bool(Bool), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([SecretJSON].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: SecretJSON].self))
        }
    }
}
