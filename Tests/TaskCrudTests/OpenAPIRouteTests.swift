import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Testing

@testable import task_crud

@Suite("task-crud: the OpenAPI document")
struct OpenAPIRouteTests {
    struct Document: Decodable {
        var openapi: String
        var paths: [String: [String: Operation]]
        struct Operation: Decodable {
            var operationId: String?
            var responses: [String: Reference]?
        }
        struct Reference: Decodable {}

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            openapi = try container.decode(String.self, forKey: Key("openapi"))
            let raw = try container.nestedContainer(keyedBy: Key.self, forKey: Key("paths"))
            var paths: [String: [String: Operation]] = [:]
            for path in raw.allKeys {
                let item = try raw.nestedContainer(keyedBy: Key.self, forKey: path)
                for method in item.allKeys where method.stringValue != "parameters" {
                    paths[path.stringValue, default: [:]][method.stringValue] = try item.decode(Operation.self, forKey: method)
                }
            }
            self.paths = paths
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    @Test("every route of the router is in the document, with responses, and nothing else is")
    func everyRoute() async throws {
        let document = try JSONCoding.decoder.decode(Document.self, from: Data(OpenAPIDocument.json.utf8))
        #expect(document.openapi == "3.1.0")
        var handler: TaskCrudHandler?
        try await Backend.sqlite.withAPI { handler = $0.handler }
        let routes = try #require(handler).routeTable().entries
        var documented = Set(document.paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
        for entry in routes {
            let method = try #require(entry.method, "route \(entry.pattern.text) takes any method").rawValue.lowercased()
            let key = "\(method) \(entry.pattern.text)"
            let operation = document.paths[entry.pattern.text]?[method]
            #expect(operation != nil, "\(key) is not in openapi.json")
            #expect(operation?.responses?.isEmpty == false, "\(key) documents no response")
            documented.remove(key)
        }
        #expect(documented.isEmpty, "documented but not routed: \(documented)")
    }

    @Test("GET /api/openapi.json answers without a token", arguments: [Backend.sqlite])
    func served(backend: Backend) async throws {
        try await backend.withAPI { api in
            let response = try await api.call(.get, "/api/openapi.json", as: nil)
            #expect(response.status == .ok)
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(response.body == Array(OpenAPIDocument.json.utf8))
        }
    }
}
