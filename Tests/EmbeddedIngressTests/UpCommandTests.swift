import Crypto
import EmbeddedSupervisor
import FoundationEssentials
import Glibc
import HTTPClient
import HTTPTypes
import Testing

@Suite("todofn up, run as a process")
struct UpCommandTests {
    @Test("up serves the ingress, prints a verifiable dev token and exits 0 on SIGTERM after a clean shutdown")
    func upRunsAndStopsCleanly() async throws {
        let todofn = try TestSupport.product("todofn")
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.remove(directory) }
        mkdir(directory + "/web", 0o755)
        TestSupport.write("<p>web client</p>", to: directory + "/web/index.html")
        let port = try FreePort.pick()
        let process = try SpawnedProcess.spawn(
            executable: todofn,
            arguments: [
                "up", "--port", String(port), "--dapr-port", String(try FreePort.pick()), "--data-dir", directory + "/data",
                "--web", directory + "/web",
            ],
            environment: [:])
        let client = HTTPClient()
        defer { client.close() }
        let base = "http://127.0.0.1:\(port)"
        var socket: Int?
        let deadline = ContinuousClock.now + .seconds(20)
        while socket == nil, ContinuousClock.now < deadline {
            socket = try? await client.execute(.get, url: base + "/ws").status.code
            if socket == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(socket == 503 || socket == 426, "ws-gateway not built (503), or built and not an upgrade (426)")
        #expect(try await client.execute(.get, url: base + "/").status.code == 200)
        #expect(try await client.execute(.get, url: base + "/nothing.txt").status.code == 404)
        process.signal(SIGTERM)
        var status: Int32 = 0
        var exited = false
        let stopDeadline = ContinuousClock.now + .seconds(10)
        while !exited, ContinuousClock.now < stopDeadline {
            exited = waitpid(process.pid, &status, WNOHANG) == process.pid
            if !exited { try await Task.sleep(for: .milliseconds(10)) }
        }
        if !exited {
            process.signal(SIGKILL)
            waitpid(process.pid, &status, 0)
        }
        let output = drain(process.stdoutFD)
        let errors = drain(process.stderrFD)
        #expect(exited, "todofn up stops within 10 s of SIGTERM")
        #expect(ExitStatus.code(status) == 0, "stderr: \(errors)")
        #expect(output.contains("todofn: stopped"))
        let tokenLine = try #require(output.split(separator: "\n").first { $0.contains("dev token") })
        let token = String(try #require(tokenLine.split(separator: " ").last))
        let bytes = try #require(readAll(directory + "/data/secrets.json"))
        let secrets = try JSONDecoder().decode([String: String].self, from: Data(bytes))
        let key = try #require(secrets["jwt-signing-key"])
        #expect(try JWTSigner(secret: Array(key.utf8)).verify(token, now: Int64(time(nil))).subject == "alice")
        #expect(secrets["dapr-api-token"]?.isEmpty == false)
        #expect(access(directory + "/data/todo.sqlite", R_OK) == 0, "the tasks database is migrated")
    }

    private func drain(_ fd: Int32) -> String {
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        return Array(drain(fd).utf8)
    }
}
