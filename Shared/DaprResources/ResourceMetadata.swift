/// The Kubernetes object metadata of a Dapr resource (`metadata:`): its name, namespace, labels and annotations.
package struct ResourceMetadata: Sendable, Hashable {
    /// `metadata.name` (or `generateName` when only that is given).
    package var name: String
    /// `metadata.namespace`, if set.
    package var namespace: String?
    /// `metadata.labels`.
    package var labels: [String: String]
    /// `metadata.annotations`.
    package var annotations: [String: String]

    /// Creates metadata.
    package init(name: String, namespace: String? = nil, labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    /// The keys ObjectMeta allows in the strict schemas.
    private static let allowed: Set<String> = [
        "name", "generateName", "namespace", "labels", "annotations", "finalizers", "ownerReferences", "uid",
        "resourceVersion", "generation", "selfLink", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields",
    ]

    /// Reads and validates `metadata` from a resource's top-level mapping.
    /// - Throws: `ResourceError` when it is missing, has unknown keys or has neither `name` nor `generateName`.
    init(from top: FieldReader) throws(ResourceError) {
        let reader = try FieldReader(top.required("metadata"), field: "metadata", path: top.path, allowed: Self.allowed)
        let generateName = try reader.string("generateName")
        guard let name = try reader.string("name") ?? generateName else {
            throw ResourceError(.missingField, "missing required field 'metadata.name'", path: top.path, mark: reader.node.mark)
        }
        guard !name.isEmpty else {
            let mark = reader.node("name")?.mark ?? reader.node.mark
            throw ResourceError(.invalidValue, "'metadata.name' must not be empty", path: top.path, mark: mark)
        }
        self.name = name
        namespace = try reader.string("namespace")
        labels = try reader.stringMap("labels") ?? [:]
        annotations = try reader.stringMap("annotations") ?? [:]
        _ = try reader.stringList("finalizers")
    }
}
