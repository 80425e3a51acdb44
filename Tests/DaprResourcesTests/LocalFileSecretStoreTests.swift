import DaprResources
import FoundationEssentials
import Testing

@Suite struct LocalFileSecretStoreTests {
    static let json = Data(
        #"{"redis":{"password":"pw","hosts":["r1","r2"]},"jwt":"s3cret","port":5432,"debug":true,"ratio":1.5,"none":null}"#.utf8)

    @Test("single-valued: nested keys are joined with ':' and each leaf is its own secret")
    func flattened() throws {
        let store = try LocalFileSecretStore(json: Self.json)
        #expect(store.secret("redis:password") == ["redis:password": "pw"])
        #expect(store.secret("redis:hosts:1") == ["redis:hosts:1": "r2"])
        #expect(store.secret("jwt") == ["jwt": "s3cret"])
        #expect(store.secret("redis") == nil)
        #expect(store.secrets.count == 8)
    }

    @Test("non-string leaves are rendered as Go's %s does, as daprd serves them")
    func goRendering() throws {
        let store = try LocalFileSecretStore(json: Self.json)
        #expect(store.secret("port") == ["port": "%!s(float64=5432)"])
        #expect(store.secret("debug") == ["debug": "%!s(bool=true)"])
        #expect(store.secret("ratio") == ["ratio": "%!s(float64=1.5)"])
        #expect(store.secret("none") == ["none": "%!s(<nil>)"])
    }

    static let numbers: [(String, String)] = [
        ("5432", "5432"), ("123456", "123456"), ("1e6", "1e+06"), ("1234567", "1.234567e+06"), ("0.0001", "0.0001"),
        ("0.00001", "1e-05"), ("-2.5", "-2.5"), ("1e21", "1e+21"), ("1e100", "1e+100"), ("0", "0"), ("100", "100"),
    ]

    @Test("numbers print as Go's %v of a float64", arguments: numbers)
    func goNumbers(json: String, printed: String) throws {
        let store = try LocalFileSecretStore(json: Data(#"{"n":\#(json)}"#.utf8))
        #expect(store.secret("n") == ["n": "%!s(float64=\(printed))"])
    }

    @Test("a custom nestedSeparator joins keys")
    func separator() throws {
        let store = try LocalFileSecretStore(json: Self.json, nestedSeparator: ".")
        #expect(store.secret("redis.password") == ["redis.password": "pw"])
    }

    @Test("multi-valued: each top-level key is a secret; objects give their flattened fields, numbers are ignored")
    func multiValued() throws {
        let store = try LocalFileSecretStore(json: Self.json, multiValued: true)
        #expect(store.secret("redis") == ["password": "pw", "hosts:0": "r1", "hosts:1": "r2"])
        #expect(store.secret("jwt") == ["jwt": "s3cret"])
        #expect(store.secret("port") == nil)
    }

    @Test("a component's secretsFile, separator and multiValued are honoured, relative to the base directory")
    func fromComponent() throws {
        let fixtures = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures").path
        let component = Component(
            metadata: .init(name: "local"), type: "secretstores.local.file",
            properties: [
                .init(name: "secretsFile", value: .value("secrets.json")), .init(name: "nestedSeparator", value: .value("/")),
            ])
        let store = try LocalFileSecretStore(component: component, baseDirectory: fixtures)
        #expect(store.secret("redis/password") == ["redis/password": "pw"])
    }

    @Test("a component without secretsFile is refused, and multiValued takes Go's spellings of true")
    func componentSettings() throws {
        let bare = Component(metadata: .init(name: "local"), type: "secretstores.local.file")
        #expect {
            try LocalFileSecretStore(component: bare, baseDirectory: "/")
        } throws: { error in
            "\(error)".hasPrefix("missing local secrets file in metadata of component 'local'")
        }
        let fixtures = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures").path
        let multi = Component(
            metadata: .init(name: "local"), type: "secretstores.local.file",
            properties: [
                .init(name: "secretsFile", value: .value("secrets.json")), .init(name: "multiValued", value: .value("T")),
            ])
        #expect(try LocalFileSecretStore(component: multi, baseDirectory: fixtures).secret("redis")?["password"] == "pw")
        #expect(try LocalFileSecretStore(json: Data("null".utf8)).secrets.isEmpty)
    }

    @Test("bad secrets files are errors, not crashes", arguments: ["[1,2]", "not json", "\"text\"", ""])
    func rejected(text: String) {
        #expect(throws: ResourceError.self) { try LocalFileSecretStore(json: Data(text.utf8)) }
    }
}
