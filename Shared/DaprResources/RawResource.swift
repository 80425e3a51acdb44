/// A Dapr resource kept as parsed YAML: `Configuration` and `Resiliency`, which the embedded runtime reads only in part.
///
/// The envelope (`apiVersion`, `kind`, `metadata`, `scopes`) is validated; `spec` is kept as the YAML tree.
package struct RawResource: Sendable, Hashable {
    /// `kind`: `Configuration` or `Resiliency`.
    package var kind: String
    /// `metadata`.
    package var metadata: ResourceMetadata
    /// `spec`, unvalidated (an empty mapping when absent).
    package var spec: YAMLNode
    /// `scopes` (Resiliency only; empty otherwise).
    package var scopes: [String]

    /// `metadata.name`.
    package var name: String { metadata.name }

    /// The scalar at a dotted path under `spec`, such as `tracing.samplingRate`.
    package func specValue(_ dottedPath: String) -> String? {
        var node: YAMLNode? = spec
        for key in dottedPath.split(separator: ".") {
            node = node?[String(key)]
        }
        return node?.scalar
    }

    /// The keys the strict schemas allow directly under `spec`.
    private static let specKeys: [String: Set<String>] = [
        "Configuration": [
            "accessControl", "api", "appHttpPipeline", "components", "features", "httpPipeline", "logging", "metric",
            "metrics", "mtls", "nameResolution", "secrets", "tracing", "wasm", "workflow",
        ],
        "Resiliency": ["policies", "targets"],
    ]

    /// Reads a Configuration or Resiliency document.
    init(kind: String, from top: FieldReader) throws(ResourceError) {
        self.kind = kind
        metadata = try ResourceMetadata(from: top)
        let spec = top.node("spec") ?? YAMLNode(.mapping([]), mark: top.node.mark)
        _ = try FieldReader(spec, field: "spec", path: top.path, allowed: Self.specKeys[kind])
        self.spec = spec
        scopes = kind == "Resiliency" ? try top.stringList("scopes") ?? [] : []
    }
}
