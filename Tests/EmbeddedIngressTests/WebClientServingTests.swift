import Crypto
import EmbeddedIngress
import EmbeddedSupervisor
import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Testing

/// The ingress as the web client meets it: its static folder (no way out of it) and the development sign-in.
@Suite("Ingress serves the web client and its development sign-in, and neither can be abused")
struct WebClientServingTests {
    private let secret = Array("web-client-test-signing-key".utf8)

    private struct Stack {
        let supervisor: Supervisor
        let ingress: Ingress
        let base: String
        let port: Int

        func stop() async {
            ingress.shutdown()
            await ingress.wait()
            await supervisor.shutdown()
        }
    }

    private func makeStack(staticRoot: String?, login: Bool) throws -> Stack {
        var configuration = SupervisorConfiguration()
        configuration.logSink = { _, _ in }
        let supervisor = try Supervisor(functions: [], configuration: configuration)
        try supervisor.start()
        var ingressConfiguration = IngressConfiguration()
        ingressConfiguration.port = 0
        ingressConfiguration.workerCount = 1
        ingressConfiguration.staticRoot = staticRoot
        if login {
            let signer = JWTSigner(secret: secret)
            ingressConfiguration.developmentLogin = DevelopmentLogin { user in
                let now = Int64(time(nil))
                return try signer.sign(JWTClaims(subject: user, role: nil, issuedAt: now, expiresAt: now + 600))
            }
        }
        let ingress = Ingress(supervisor: supervisor, configuration: ingressConfiguration)
        let port = try ingress.start()
        return Stack(supervisor: supervisor, ingress: ingress, base: "http://127.0.0.1:\(port)", port: port)
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test("dot segments, encoded slashes and dots, backslashes and NUL never leave the folder")
    func pathEscapes() async throws {
        let root = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(root) }
        mkdir(root + "/web", 0o755)
        mkdir(root + "/web/js", 0o755)
        TestSupport.write("<p>client</p>", to: root + "/web/index.html")
        TestSupport.write("export {}", to: root + "/web/js/app.js")
        TestSupport.write("outside", to: root + "/secret.txt")
        let stack = try makeStack(staticRoot: root + "/web", login: false)
        let client = HTTPClient()
        defer { client.close() }
        let served = try await client.execute(.get, url: stack.base + "/js/app.js")
        #expect(served.status.code == 200)
        #expect(served.headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(served.headers["X-Content-Type-Options"] == "nosniff")
        #expect(try await client.execute(.get, url: stack.base + "/js/").status.code == 404, "a folder without index.html")
        for escape in [
            "/..%2Fsecret.txt", "/js%2F..%2F..%2Fsecret.txt", "/%2e%2e/secret.txt", "/js/%2E%2E/%2E%2E/secret.txt",
            "/..%5Csecret.txt", "/index.html%00.js", "/.%2e/secret.txt",
        ] {
            let response = try await client.execute(.get, url: stack.base + escape)
            #expect(response.status.code == 400, "\(escape) answers \(response.status.code)")
            #expect(!text(response).contains("outside"))
        }
        // curl would normalise a literal `/../`, so that one goes through a raw socket.
        let raw = try #require(RawSocket(port: stack.port))
        raw.send("GET /js/../../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let answer = String(decoding: raw.read(atLeast: 1 << 20), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 400"), "raw dot segments: \(answer.prefix(40))")
        #expect(!answer.contains("outside"))
        await stack.stop()
    }

    @Test("a symbolic link inside the folder is never followed, to a file or a directory, in or out")
    func symlinksAreNotFollowed() async throws {
        let root = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(root) }
        mkdir(root + "/web", 0o755)
        mkdir(root + "/outside", 0o755)
        TestSupport.write("<p>client</p>", to: root + "/web/index.html")
        TestSupport.write("outside", to: root + "/outside/secret.txt")
        #expect(symlink(root + "/outside/secret.txt", root + "/web/leak.txt") == 0)
        #expect(symlink(root + "/outside", root + "/web/dir") == 0)
        #expect(symlink("index.html", root + "/web/alias.html") == 0)
        mkfifo(root + "/web/pipe.js", 0o644)
        let stack = try makeStack(staticRoot: root + "/web", login: false)
        let client = HTTPClient()
        defer { client.close() }
        #expect(try await client.execute(.get, url: stack.base + "/").status.code == 200)
        for path in ["/leak.txt", "/dir/secret.txt", "/dir/", "/alias.html", "/pipe.js"] {
            let response = try await client.execute(.get, url: stack.base + path)
            #expect(response.status.code == 404, "\(path) answers \(response.status.code)")
            #expect(!text(response).contains("outside"))
        }
        await stack.stop()
    }

    @Test("POST /dev/token mints a non-admin token for a same-origin request on a loopback name")
    func developmentLoginMints() async throws {
        let stack = try makeStack(staticRoot: nil, login: true)
        let client = HTTPClient()
        defer { client.close() }
        let response = try await client.execute(
            .post, url: stack.base + "/dev/token",
            headers: ["Origin": stack.base, "Content-Type": "application/json"], body: Array(#"{"user":"alice"}"#.utf8))
        #expect(response.status.code == 200, "\(text(response))")
        #expect(response.headers["Cache-Control"] == "no-store")
        #expect(response.headers["Access-Control-Allow-Origin"] == nil)
        let answer = try JSONDecoder().decode([String: String].self, from: Data(response.body))
        let claims = try JWTSigner(secret: secret).verify(try #require(answer["token"]), now: Int64(time(nil)))
        #expect(claims.subject == "alice")
        #expect(!claims.isAdmin)
        await stack.stop()
    }

    @Test("POST /dev/token refuses foreign origins, rebound host names, forms, other methods and bad users")
    func developmentLoginRefuses() async throws {
        let stack = try makeStack(staticRoot: nil, login: true)
        let client = HTTPClient()
        defer { client.close() }
        let json = "application/json"
        let body = Array(#"{"user":"alice"}"#.utf8)
        let cases: [(String, HTTPMethod, HTTPHeaders, [UInt8], Int)] = [
            ("foreign origin", .post, ["Origin": "http://evil.example", "Content-Type": json], body, 403),
            ("origin on another port", .post, ["Origin": "http://127.0.0.1:1", "Content-Type": json], body, 403),
            ("no origin", .post, ["Content-Type": json], body, 403),
            ("null origin", .post, ["Origin": "null", "Content-Type": json], body, 403),
            (
                "DNS rebinding", .post,
                ["Host": "evil.example:\(stack.port)", "Origin": "http://evil.example:\(stack.port)", "Content-Type": json],
                body, 403
            ),
            ("form post", .post, ["Origin": stack.base, "Content-Type": "application/x-www-form-urlencoded"], body, 415),
            ("text/plain", .post, ["Origin": stack.base, "Content-Type": "text/plain"], body, 415),
            ("preflight", .options, ["Origin": "http://evil.example", "Access-Control-Request-Method": "POST"], [], 405),
            ("GET", .get, ["Origin": stack.base], [], 405),
            ("bad user", .post, ["Origin": stack.base, "Content-Type": json], Array(#"{"user":"../bob"}"#.utf8), 400),
            ("empty user", .post, ["Origin": stack.base, "Content-Type": json], Array(#"{"user":""}"#.utf8), 400),
            ("not json", .post, ["Origin": stack.base, "Content-Type": json], Array("user=alice".utf8), 400),
        ]
        for (name, method, headers, body, status) in cases {
            let response = try await client.execute(method, url: stack.base + "/dev/token", headers: headers, body: body)
            #expect(response.status.code == status, "\(name): \(response.status.code) \(text(response))")
            #expect(!text(response).contains("token\":"), "\(name) leaks no token")
            #expect(response.headers["Access-Control-Allow-Origin"] == nil)
        }
        await stack.stop()
    }

    @Test("without a development login (the default) /dev/token is just a missing file")
    func developmentLoginOffByDefault() async throws {
        let stack = try makeStack(staticRoot: nil, login: false)
        let client = HTTPClient()
        defer { client.close() }
        let response = try await client.execute(
            .post, url: stack.base + "/dev/token", headers: ["Origin": stack.base, "Content-Type": "application/json"],
            body: Array(#"{"user":"alice"}"#.utf8))
        #expect(response.status.code == 404)
        await stack.stop()
    }

    @Test("loopback host names are recognised, other names and malformed ports are not")
    func loopbackHosts() {
        for host in ["127.0.0.1", "127.0.0.1:8080", "localhost:1", "LOCALHOST", "[::1]", "[::1]:8080"] {
            #expect(DevelopmentLogin.isLoopback(host: host), "\(host)")
        }
        for host in ["evil.example", "127.0.0.1.evil.example", "localhost.evil:80", "127.0.0.1:80x", "[::2]:80", "[::1]x", ""] {
            #expect(!DevelopmentLogin.isLoopback(host: host), "\(host)")
        }
    }
}
