import DaprResources
import Glibc
import Testing

/// One kebab-case name everywhere: each `Functions/<name>/` has its `stack.yml` entry, Knative Service and Dapr
/// Shared values under that name, and no manifest names a function that does not exist. The full set of deployment
/// checks (schemas, overlays, workflows, route table, scopes, topics, mutation tests) is `make deploy-test`
/// (Tests/Deploy); this suite keeps the names honest from Swift, with the same YAML reader the embedded runtime uses.
@Suite("deployment manifests")
struct ManifestTests {
    static let root: String = {
        let path = #filePath
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.dropLast(3).joined(separator: "/")
    }()

    static var functions: [String] {
        guard let directory = opendir(root + "/Functions") else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = String(
                cString: UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                    .assumingMemoryBound(to: CChar.self))
            if !name.hasPrefix("."), entry.pointee.d_type == UInt8(DT_DIR) { names.append(name) }
        }
        return names.sorted()
    }

    func document(_ relativePath: String) throws -> YAMLNode {
        let text = Files.text(Self.root + "/" + relativePath)
        try #require(!text.isEmpty, "\(relativePath) exists")
        return try #require(try YAMLDocuments.parse(text, path: relativePath).first)
    }

    @Test("stack.yml deploys exactly the functions in Functions/, each under its own name")
    func openFaaSStack() throws {
        let stack = try document("stack.yml")
        #expect(stack["provider"]?["name"]?.scalar == "openfaas")
        let entries = try #require(stack["functions"]?.pairs)
        #expect(entries.compactMap(\.key.scalar).sorted() == Self.functions)
        for entry in entries {
            let name = try #require(entry.key.scalar)
            #expect(entry.value["image"]?.scalar?.contains("/\(name):") == true, "\(name)'s image")
            #expect(entry.value["annotations"]?["dapr.io/app-id"]?.scalar == name, "\(name)'s Dapr app-id")
        }
    }

    @Test("each function has a Knative Service and Dapr Shared values under its name", arguments: functions)
    func knativeService(name: String) throws {
        let service = try document("knative/base/\(name).yaml")
        #expect(service["kind"]?.scalar == "Service")
        #expect(service["metadata"]?["name"]?.scalar == name)
        let spec = try #require(service["spec"]?["template"]?["spec"])
        let container = try #require(spec["containers"]?.items?.first)
        #expect(container["image"]?.scalar?.contains("/\(name):") == true)
        let environment = container["env"]?.items ?? []
        #expect(environment.first { $0["name"]?.scalar == "APP_ID" }?["value"]?.scalar == name)
        #expect(container["readinessProbe"]?["httpGet"]?["path"]?.scalar == "/health/readiness")
        let annotations = try #require(service["spec"]?["template"]?["metadata"]?["annotations"])
        let alwaysUp = name == "ws-gateway"
        #expect(annotations["autoscaling.knative.dev/min-scale"]?.scalar == (alwaysUp ? "1" : "0"), "scale to zero")
        if annotations["dapr.io/enabled"]?.scalar == "true" { return }  // a sidecar, no Dapr Shared
        let shared = try document("knative/dapr-shared/\(name).values.yaml")
        #expect(shared["shared"]?["appId"]?.scalar == name)
        #expect(shared["shared"]?["remoteURL"]?.scalar?.hasPrefix("\(name).") == true)
    }
}
