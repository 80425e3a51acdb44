package import DaprResources
import FoundationEssentials

/// The components and declarative subscriptions of the `dapr/` folder, each type mapped to its embedded
/// implementation: `pubsub.*` → the durable log, `state.*` → the SQLite store, `secretstores.*` → a local JSON
/// file, `bindings.cron` → the cron trigger. Other types are listed in metadata and otherwise ignored.
package struct RuntimeComponents: Sendable {
    /// Every component, in load order.
    package var all: [Component] = []
    /// Pub/sub components by name.
    package var pubsubs: [String: Component] = [:]
    /// State stores by name.
    package var stateStores: [String: Component] = [:]
    /// Secret stores by name, with their loaded secrets.
    package var secretStores: [String: LocalFileSecretStore] = [:]
    /// Secret store components by name (for scopes).
    package var secretStoreComponents: [String: Component] = [:]
    /// `bindings.cron` components.
    package var cronBindings: [Component] = []
    /// Declarative subscriptions.
    package var subscriptions: [Subscription] = []
    /// Configurations by name.
    package var configurations: [String: RawResource] = [:]
    /// The routes the bindings call on their apps (`route`, else the component name): Dapr-facing.
    package var bindingRoutes: Set<String> = []

    /// An empty set (no resources directory).
    package init() {}

    /// Loads `resourcesDirectory` (nil: nothing).
    ///
    /// A `secretstores.local.file` component with `secretsFile` reads that file (relative to the resources
    /// directory's parent, daprd's working directory in this repository); any other `secretstores.*` reads
    /// `<data>/secrets.json` (`todofn up` writes development secrets there); a missing file is an empty store.
    /// - Throws: `ResourceError` naming the file and line of a bad resource.
    package init(resourcesDirectory: String?, dataDirectory: String) throws {
        guard let resourcesDirectory else { return }
        for resource in try ResourceLoader.load(directory: resourcesDirectory) {
            switch resource {
            case .component(let component): try add(component, resourcesDirectory, dataDirectory)
            case .subscription(let subscription): subscriptions.append(subscription)
            case .configuration(let configuration): configurations[configuration.name] = configuration
            case .resiliency: break
            }
        }
    }

    /// The Configuration `appID` runs with: `<appID>-config`, else `defaultName`, else the only one; nil when none.
    package func configuration(for appID: String, defaultName: String) -> RawResource? {
        configurations[appID + "-config"] ?? configurations[defaultName]
            ?? (configurations.count == 1 ? configurations.values.first : nil)
    }

    private mutating func add(_ component: Component, _ resourcesDirectory: String, _ dataDirectory: String) throws {
        all.append(component)
        if component.kind == .cronBinding || component.kind == .binding {
            let route = (component.value("route") ?? component.name).split(separator: "/").first.map(String.init)
            bindingRoutes.insert((route ?? component.name).lowercased())
        }
        switch component.kind {
        case .pubsub: pubsubs[component.name] = component
        case .state: stateStores[component.name] = component
        case .cronBinding: cronBindings.append(component)
        case .secretStore:
            secretStoreComponents[component.name] = component
            if component.type == "secretstores.local.file", component.value("secretsFile") != nil {
                let base = parentDirectory(of: resourcesDirectory)
                secretStores[component.name] = try LocalFileSecretStore(component: component, baseDirectory: base)
            } else {
                let path = dataDirectory + "/secrets.json"
                let data = FileManager.default.contents(atPath: path) ?? Data("{}".utf8)
                secretStores[component.name] = try LocalFileSecretStore(
                    json: data, nestedSeparator: component.value("nestedSeparator") ?? ":",
                    multiValued: component.value("multiValued") == "true", path: path)
            }
        default: break
        }
    }

    private func parentDirectory(of path: String) -> String {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }
}
