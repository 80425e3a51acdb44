import FoundationEssentials

/// Reads Dapr resource files (`*.yaml`, `*.yml`, several `---`-separated documents each) into typed resources.
///
/// ```swift
/// let resources = try ResourceLoader.load(directory: "dapr")
/// for case .component(let component) in resources where component.kind == .pubsub { … }
/// ```
/// Documents that are empty or have neither `apiVersion` nor `kind` (such as a `dapr run -f` multi-app file) are skipped.
package enum ResourceLoader {
    /// Loads every resource file under `directory`, recursively, in path order.
    /// - Parameter directory: The folder, as it should appear in error messages (`dapr`).
    /// - Returns: All resources, in path order and document order.
    /// - Throws: `ResourceError` for the first unreadable file, invalid document, or a second resource with the kind,
    ///   namespace and name of an earlier one.
    package static func load(directory: String) throws(ResourceError) -> [DaprResource] {
        var resources: [DaprResource] = []
        var seen: [String: String] = [:]
        for path in try resourceFiles(in: directory) {
            for resource in try load(file: path) {
                let key = "\(resource.kind)/\(resource.metadata.namespace ?? "")/\(resource.name)"
                if let first = seen[key] {
                    throw ResourceError(
                        .duplicateResource, "duplicate \(resource.kind) '\(resource.name)' (first defined in \(first))",
                        path: path, mark: nil)
                }
                seen[key] = path
                resources.append(resource)
            }
        }
        return resources
    }

    /// Loads every resource of one file.
    /// - Throws: `ResourceError` when the file cannot be read or a document is invalid.
    package static func load(file path: String) throws(ResourceError) -> [DaprResource] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(filePath: path))
        } catch {
            throw ResourceError(.io, "cannot read file", path: path, mark: nil, underlying: error)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses resource documents from YAML text.
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - path: The file name to put in error messages.
    /// - Throws: `ResourceError` for invalid YAML or an invalid document.
    package static func parse(_ yaml: String, path: String) throws(ResourceError) -> [DaprResource] {
        let documents = try YAMLParser(path: path).documents(of: yaml)
        var resources: [DaprResource] = []
        for document in documents {
            if document.typeName == "null" { continue }
            if document.pairs != nil, document["apiVersion"] == nil, document["kind"] == nil { continue }
            resources.append(try DaprResource(node: document, path: path))
        }
        return resources
    }

    /// The `*.yaml`/`*.yml` files under `directory`, recursively, sorted.
    private static func resourceFiles(in directory: String) throws(ResourceError) -> [String] {
        let manager = FileManager.default
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: directory)
        } catch {
            throw ResourceError(.io, "cannot list directory", path: directory, mark: nil, underlying: error)
        }
        var files: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
            let type = (try? manager.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            if type == .typeDirectory {
                files += try resourceFiles(in: path)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                files.append(path)
            }
        }
        return files
    }
}
