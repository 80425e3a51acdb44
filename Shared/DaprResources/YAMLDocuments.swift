/// Any YAML file as node trees, for callers that read YAML other than Dapr resources (manifest checks, tools).
///
/// ```swift
/// let stack = try YAMLDocuments.parse(text, path: "stack.yml")[0]
/// let names = stack["functions"]?.pairs?.compactMap(\.key.scalar)
/// ```
package enum YAMLDocuments {
    /// Parses every document of `text` with libyaml.
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - path: the file name for error messages.
    /// - Returns: one node per document.
    /// - Throws: `ResourceError` naming file, line and column of invalid YAML.
    package static func parse(_ text: String, path: String) throws(ResourceError) -> [YAMLNode] {
        try YAMLParser(path: path).documents(of: text)
    }
}
