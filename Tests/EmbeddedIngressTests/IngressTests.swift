import EmbeddedIngress
import EmbeddedSupervisor
import Glibc
import HTTPClient
import HTTPTypes
import Testing

@Suite("Ingress routes requests to functions, static files or JSON errors")
struct IngressTests {
    private struct Stack {
        let supervisor: Supervisor
        let ingress: Ingress
        let base: String

        func stop() async {
            ingress.shutdown()
            await ingress.wait()
            await supervisor.shutdown()
        }
    }

    private func makeStack(staticRoot: String? = nil) throws -> Stack {
        var configuration = SupervisorConfiguration()
        configuration.logSink = { _, _ in }
        let supervisor = try Supervisor(
            functions: [
                FunctionDefinition(name: "minimal-function", executablePath: try TestSupport.product("minimal-function")),
                FunctionDefinition(name: "task-crud", executablePath: "/nonexistent/task-crud"),
            ],
            configuration: configuration)
        try supervisor.start()
        var ingressConfiguration = IngressConfiguration()
        ingressConfiguration.port = 0
        ingressConfiguration.workerCount = 1
        ingressConfiguration.staticRoot = staticRoot
        ingressConfiguration.routes = IngressRoutes(
            routes: [
                .init(path: "/echo", matchesSubpaths: false, destination: .function("minimal-function")),
                .init(path: "/api", matchesSubpaths: true, destination: .function("task-crud")),
                .init(path: "/audit", matchesSubpaths: true, destination: .function("audit-log")),
                .init(path: "/ws", matchesSubpaths: false, destination: .webSocket("ws-gateway")),
            ])
        let ingress = Ingress(supervisor: supervisor, configuration: ingressConfiguration)
        let port = try ingress.start()
        return Stack(supervisor: supervisor, ingress: ingress, base: "http://127.0.0.1:\(port)")
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test("a function route forwards method, body and headers and returns the function's answer")
    func forwardsToFunction() async throws {
        let stack = try makeStack()
        let client = HTTPClient()
        defer { client.close() }
        let response = try await client.execute(
            .post, url: stack.base + "/echo", headers: ["Content-Type": "text/x-test", "Connection": "keep-alive"],
            body: Array("hello ingress".utf8))
        #expect(response.status.code == 200)
        #expect(text(response) == "hello ingress")
        #expect(response.headers["Content-Type"] == "text/x-test")
        #expect(response.headers.values(for: "Date").count == 1, "one Date header, the ingress's own")
        #expect(stack.supervisor.status("minimal-function")?.starts == 1)
        await stack.stop()
    }

    @Test("a function without an executable answers 503 JSON naming it, an unlisted one too")
    func missingExecutableIs503() async throws {
        let stack = try makeStack()
        let client = HTTPClient()
        defer { client.close() }
        let missing = try await client.execute(.get, url: stack.base + "/api/tasks")
        #expect(missing.status.code == 503)
        #expect(missing.headers["Content-Type"] == "application/json")
        #expect(text(missing).contains("task-crud"))
        let unlisted = try await client.execute(.get, url: stack.base + "/audit?user=a")
        #expect(unlisted.status.code == 503)
        #expect(text(unlisted).contains("audit-log"))
        await stack.stop()
    }

    @Test("unknown paths answer 404 JSON without a web directory, /ws without ws-gateway 503")
    func notFoundAndWebSocket() async throws {
        let stack = try makeStack()
        let client = HTTPClient()
        defer { client.close() }
        let missing = try await client.execute(.get, url: stack.base + "/nothing/here")
        #expect(missing.status.code == 404)
        #expect(text(missing).hasPrefix("{\"error\""))
        let socket = try await client.execute(.get, url: stack.base + "/ws")
        #expect(socket.status.code == 503)
        await stack.stop()
    }

    @Test("static files are served with content types, and escapes with .. are refused")
    func staticFiles() async throws {
        let root = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(root) }
        TestSupport.write("<h1>todo</h1>", to: root + "/index.html")
        mkdir(root + "/assets", 0o755)
        TestSupport.write("console.log(1)", to: root + "/assets/app.js")
        TestSupport.write("secret", to: root + "/.env")
        let stack = try makeStack(staticRoot: root)
        let client = HTTPClient()
        defer { client.close() }
        let index = try await client.execute(.get, url: stack.base + "/")
        #expect(index.status.code == 200)
        #expect(text(index) == "<h1>todo</h1>")
        #expect(index.headers["Content-Type"] == "text/html; charset=utf-8")
        let script = try await client.execute(.get, url: stack.base + "/assets/app.js")
        #expect(script.headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(text(script) == "console.log(1)")
        #expect(try await client.execute(.get, url: stack.base + "/assets/%2e%2e/%2e%2e/etc/passwd").status.code == 400)
        #expect(try await client.execute(.get, url: stack.base + "/.env").status.code == 400)
        #expect(try await client.execute(.get, url: stack.base + "/missing.css").status.code == 404)
        #expect(try await client.execute(.delete, url: stack.base + "/index.html").status.code == 405)
        await stack.stop()
    }

    @Test("a target RequestTarget refuses is a JSON 400 before any route is chosen, the function never started")
    func refusedTargets() async throws {
        let stack = try makeStack()
        let port = try #require(Int(stack.base.split(separator: ":").last ?? ""))
        for target in ["/echo/../echo", "/echo%2f..", "/api/%2e%2e/events/x", "/api\\x", "//echo", "/echo\t"] {
            let socket = try #require(RawSocket(port: port))
            socket.send("GET \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            let head = socket.readHead()
            #expect(head.hasPrefix("HTTP/1.1 400"), "\(target.debugDescription): \(head)")
        }
        #expect(stack.supervisor.status("minimal-function")?.starts == 0)
        await stack.stop()
    }

    @Test("unsafe relative paths are rejected before touching the file system")
    func safeRelativePath() {
        #expect(StaticFiles.safeRelativePath("/a/b.js") == "a/b.js")
        #expect(StaticFiles.safeRelativePath("/") == "")
        #expect(StaticFiles.safeRelativePath("//a//b") == "a/b")
        #expect(StaticFiles.safeRelativePath("/../etc/passwd") == nil)
        #expect(StaticFiles.safeRelativePath("/a/%2E%2E/b") == nil)
        #expect(StaticFiles.safeRelativePath("/a/./b") == nil)
        #expect(StaticFiles.safeRelativePath("/a%00b") == nil)
        #expect(StaticFiles.safeRelativePath("/a%5c..%5cb") == nil)
    }

    @Test("the standard route table maps /api, /audit and /ws, and nothing else")
    func standardRoutes() {
        let table = IngressRoutes.standard
        #expect(table.destination(for: "/api/tasks", fallback: .notFound) == .function("task-crud"))
        #expect(table.destination(for: "/api", fallback: .notFound) == .function("task-crud"))
        #expect(table.destination(for: "/apiary", fallback: .notFound) == .notFound)
        #expect(table.destination(for: "/audit", fallback: .notFound) == .function("audit-log"))
        #expect(table.destination(for: "/audit/alice", fallback: .notFound) == .function("audit-log"))
        #expect(table.destination(for: "/ws", fallback: .notFound) == .webSocket("ws-gateway"))
        #expect(table.destination(for: "/index.html", fallback: .staticFiles) == .staticFiles)
    }
}
