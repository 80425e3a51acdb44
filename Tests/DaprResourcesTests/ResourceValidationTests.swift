import DaprResources
import Testing

@Suite struct ResourceValidationTests {
    static let path = "dapr/components/pubsub.yaml"
    static let header = "apiVersion: dapr.io/v1alpha1\nkind: Component\n"
    static let meta = "metadata:\n  name: todo-pubsub\n"
    static let spec = "spec:\n  type: pubsub.kafka\n  version: v1\n  metadata:\n  - name: brokers\n    value: k:9092\n"

    /// Each invalid document and the exact error it gives: what is wrong, then file:line:column.
    static let rejections: [(String, String, ResourceError.Code)] = [
        (
            header + "sepc:\n  type: pubsub.kafka\n" + meta,
            "unknown field 'sepc' at dapr/components/pubsub.yaml:3:1", .unknownField
        ),
        (
            header + meta + "spec:\n  type: pubsub.kafka\n  version: v1\n  metdata: []\n",
            "unknown field 'spec.metdata' at dapr/components/pubsub.yaml:8:3", .unknownField
        ),
        (
            header + meta + "spec:\n  version: v1\n  metadata: []\n",
            "missing required field 'spec.type' at dapr/components/pubsub.yaml:6:3", .missingField
        ),
        (
            header + meta + "spec:\n  type: pubsub.kafka\n  metadata: []\n",
            "missing required field 'spec.version' at dapr/components/pubsub.yaml:6:3", .missingField
        ),
        (header + meta, "missing required field 'spec' at dapr/components/pubsub.yaml:1:1", .missingField),
        (header + spec, "missing required field 'metadata' at dapr/components/pubsub.yaml:1:1", .missingField),
        (
            header + "metadata:\n  namespace: x\n" + spec,
            "missing required field 'metadata.name' at dapr/components/pubsub.yaml:4:3", .missingField
        ),
        (
            "apiVersion: dapr.io/v1\nkind: Component\n" + meta + spec,
            "unsupported apiVersion 'dapr.io/v1' for kind Component (expected dapr.io/v1alpha1) at dapr/components/pubsub.yaml:1:13",
            .unsupportedAPIVersion
        ),
        (
            "apiVersion: dapr.io/v1alpha1\nkind: Componet\n" + meta + spec,
            "unsupported kind 'Componet' (expected Component, Subscription, Configuration or Resiliency) at dapr/components/pubsub.yaml:2:7",
            .unsupportedKind
        ),
        (
            "kind: Component\n" + meta + spec, "missing required field 'apiVersion' at dapr/components/pubsub.yaml:1:1",
            .missingField
        ),
        (
            header + meta + "spec:\n  type: kafka\n  version: v1\n  metadata: []\n",
            "'spec.type' must look like '<category>.<name>' (e.g. pubsub.kafka), not 'kafka' at dapr/components/pubsub.yaml:6:9",
            .invalidValue
        ),
        (
            header + meta + "spec:\n  type: pubsub.kafka\n  version: 1\n  metadata: []\n",
            "expected a string for 'spec.version' but found integer at dapr/components/pubsub.yaml:7:12", .wrongType
        ),
        (
            header + meta + "spec:\n  type: pubsub.kafka\n  version: v1\n  metadata:\n  - value: x\n",
            "missing required field 'spec.metadata[0].name' at dapr/components/pubsub.yaml:9:5", .missingField
        ),
        (
            header + meta + "spec:\n  type: pubsub.kafka\n  version: v1\n  metadata:\n  - name: a\n    valeu: x\n",
            "unknown field 'spec.metadata[0].valeu' at dapr/components/pubsub.yaml:10:5", .unknownField
        ),
        (
            header + meta + spec + "scopes: task-crud\n",
            "expected a sequence for 'scopes' but found string at dapr/components/pubsub.yaml:11:9", .wrongType
        ),
        (
            header + meta + spec + "scopes:\n",
            "expected a sequence for 'scopes' but found null at dapr/components/pubsub.yaml:11:8", .wrongType
        ),
        (
            header + meta + spec + "auth: {}\n",
            "missing required field 'auth.secretStore' at dapr/components/pubsub.yaml:11:7", .missingField
        ),
        (header + meta + spec + "spec: {}\n", "duplicate field 'spec' at dapr/components/pubsub.yaml:11:1", .invalidValue),
        (
            header + meta + "spec:\n  type: pubsub.kafka\n  version: v1\n  ignoreErrors: \"yes\"\n  metadata: []\n",
            "expected a boolean for 'spec.ignoreErrors' but found string at dapr/components/pubsub.yaml:8:17", .wrongType
        ),
        (
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\n" + meta + "spec:\n  pubsubname: p\n  topic: t\n",
            "missing required field 'spec.routes' at dapr/components/pubsub.yaml:6:3", .missingField
        ),
        (
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\n" + meta
                + "spec:\n  pubsubname: p\n  topic: t\n  route: /a\n  routes: {default: /b}\n",
            "unknown field 'spec.route' at dapr/components/pubsub.yaml:8:3", .unknownField
        ),
        (
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\n" + meta
                + "spec:\n  pubsubname: p\n  topic: t\n  routes:\n    rules:\n    - path: /x\n",
            "missing required field 'spec.routes.rules[0].match' at dapr/components/pubsub.yaml:10:7", .missingField
        ),
        (
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\n" + meta
                + "spec:\n  pubsubname: p\n  topic: t\n  routes: {default: /b}\n  bulkSubscribe: [true]\n",
            "expected a mapping for 'spec.bulkSubscribe' but found sequence at dapr/components/pubsub.yaml:9:18", .wrongType
        ),
        (
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\n" + meta
                + "spec:\n  pubsubname: p\n  topic: t\n  routes: {default: /b}\n  metadata: {rawPayload: true}\n",
            "expected a string for 'spec.metadata.rawPayload' but found boolean at dapr/components/pubsub.yaml:9:26", .wrongType
        ),
        (
            "apiVersion: dapr.io/v1alpha1\nkind: Subscription\n" + meta + "spec:\n  pubsubname: p\n  topic: t\n",
            "missing required field 'spec.route' at dapr/components/pubsub.yaml:6:3", .missingField
        ),
        (
            "apiVersion: dapr.io/v1alpha1\nkind: Resiliency\n" + meta + "spec:\n  polices: {}\n",
            "unknown field 'spec.polices' at dapr/components/pubsub.yaml:6:3", .unknownField
        ),
        (
            "apiVersion: dapr.io/v1alpha1\nkind: Configuration\n" + meta + "scopes: [a]\n",
            "unknown field 'scopes' at dapr/components/pubsub.yaml:5:1", .unknownField
        ),
        (
            "- just\n- a list\n", "expected a mapping for '<document>' but found sequence at dapr/components/pubsub.yaml:1:1",
            .wrongType
        ),
    ]

    @Test("invalid resources are rejected with what is wrong and file:line:column", arguments: rejections)
    func rejection(yaml: String, expected: String, code: ResourceError.Code) {
        #expect {
            try ResourceLoader.parse(yaml, path: Self.path)
        } throws: { error in
            guard let error = error as? ResourceError else { return false }
            #expect(error.description == expected)
            #expect(error.code == code)
            return true
        }
    }

    /// Text libyaml itself rejects, and the start of the message it gives.
    static let syntaxErrors: [(String, String)] = [
        ("kind: Component\nspec: [a, b\n", "invalid YAML: did not find expected ',' or ']'"),
        (
            "kind: Component\n  bad: indent\n",
            "invalid YAML: mapping values are not allowed in this context at dapr/components/pubsub.yaml:2:6"
        ),
        ("a: \"unterminated\n", "invalid YAML: found unexpected end of stream"),
        ("a: *nowhere\n", "invalid YAML: unknown alias '*nowhere' at dapr/components/pubsub.yaml:1:4"),
        ("a:\tb\n\t- c", "invalid YAML:"),
        (String(repeating: "[", count: 500), "invalid YAML: nested deeper than 128 levels"),
    ]

    @Test("invalid YAML reports libyaml's problem and mark", arguments: syntaxErrors)
    func invalidYAML(yaml: String, prefix: String) {
        #expect {
            try ResourceLoader.parse(yaml, path: Self.path)
        } throws: { error in
            guard let error = error as? ResourceError else { return false }
            #expect(error.code == .invalidYAML)
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
            #expect(error.mark != nil)
            return true
        }
    }

    @Test("anchors and aliases resolve, and quoted scalars stay strings")
    func aliasesAndQuoting() throws {
        let yaml =
            Self.header + Self.meta + """
                spec:
                  type: state.redis
                  version: &v "v1"
                  metadata:
                  - {name: redisHost, value: &host "localhost:6379"}
                  - {name: replica, value: *host}
                  - {name: ttl, value: "3600"}
                """
        guard case .component(let component) = try #require(ResourceLoader.parse(yaml, path: Self.path).first) else {
            Issue.record("not a component")
            return
        }
        #expect(component.value("replica") == "localhost:6379")
        #expect(component.version == "v1")
        #expect(component.value("ttl") == "3600")
        #expect(component.kind == .state)
    }
}
