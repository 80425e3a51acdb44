import Glibc
import HTTPClient
import HTTPTypes

/// The real `todofn up` (release build, next to this executable) on a fresh data directory and free ports, with
/// `--keep-warm` (or `--idle-timeout <idleTimeout>` when given: functions stop when idle, as in a cluster), and a development token for each of `users` bench users. Its output goes to `<data>/todofn.log`.
final class TodofnStack: Sendable {
    let dataDirectory: String
    let port: Int
    let users: [String]
    let tokens: [String]
    private let adminToken: String
    /// The PostgreSQL URL the stack uses, or nil for SQLite files in the data directory.
    let postgresURL: String?
    private let process: ChildProcess
    private let client: HTTPClient

    /// Starts the stack and waits until task-crud answers through the ingress.
    /// - Throws: `BenchmarkError` when it cannot start or never answers.
    init(
        binDirectory: String, name: String, postgresURL: String?, users count: Int, idleTimeout: String? = nil
    ) async throws {
        dataDirectory = "/tmp/todofn-bench-\(name)-\(getpid())"
        self.postgresURL = postgresURL
        _ = try ChildProcess("rm", ["-rf", dataDirectory]).wait()
        guard mkdir(dataDirectory, 0o700) == 0 else { throw BenchmarkError("cannot create \(dataDirectory)") }
        let todofn = "\(binDirectory)/todofn"
        users = (0..<count).map { "bench\($0)" }
        var tokens: [String] = []
        for arguments in users.map({ [$0] }) + [["bench-admin", "--admin"]] {
            let process = try ChildProcess(
                todofn, ["token"] + arguments + ["--data-dir", dataDirectory], captureOutput: true)
            let token = process.readOutput().filter { !$0.isWhitespace }
            guard process.wait() == 0, !token.isEmpty else { throw BenchmarkError("todofn token failed") }
            tokens.append(token)
        }
        adminToken = tokens.removeLast()
        self.tokens = tokens
        port = Probe.freePort()
        var arguments = [
            "up", "--data-dir", dataDirectory, "--port", "\(port)", "--dapr-port", "\(Probe.freePort())",
        ]
        arguments += idleTimeout.map { ["--idle-timeout", $0] } ?? ["--keep-warm"]
        if let postgresURL { arguments += ["--database", postgresURL] }
        process = try ChildProcess(todofn, arguments, logFile: "\(dataDirectory)/todofn.log")
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 16
        configuration.requestTimeout = .seconds(10)
        client = HTTPClient(configuration: configuration)
        let started = monotonicNanos()
        while true {
            if let response = try? await client.execute(.get, url: url(user: 0), headers: headers(user: 0)),
                response.status.code == 200
            {
                break
            }
            if monotonicNanos() - started > 30_000_000_000 {
                stop()
                throw BenchmarkError("todofn up never answered on port \(port) (log: \(dataDirectory)/todofn.log)")
            }
            usleep(20_000)
        }
    }

    /// Whether a function `name` (its executable's name) runs now as a child of this `todofn up`.
    func isRunning(_ name: String) -> Bool {
        guard let proc = opendir("/proc") else { return false }
        defer { closedir(proc) }
        while let entry = readdir(proc) {
            let pid = String(
                cString: UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                    .assumingMemoryBound(to: CChar.self))
            guard Int32(pid) != nil, let file = fopen("/proc/\(pid)/stat", "r") else { continue }
            var line = [CChar](repeating: 0, count: 512)
            let read = fgets(&line, Int32(line.count), file) != nil
            fclose(file)
            guard read else { continue }
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // pid (comm) state ppid …: comm is cut at 15 characters.
            guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { continue }
            let comm = text[text.index(after: open)..<close]
            let fields = text[text.index(after: close)...].split(separator: " ")
            if comm == name.prefix(15), fields.count > 1, Int32(fields[1]) == process.pid { return true }
        }
        return false
    }

    /// The `todofn up` process's resident set size in KiB (ingress, runtime and supervisor; not the functions).
    func residentKiB() -> Int? { process.residentKiB() }

    /// The tasks URL of bench user `user`.
    func url(user: Int) -> String { "http://127.0.0.1:\(port)/api/\(users[user])/tasks" }

    /// The bench user's bearer token and a JSON content type.
    func headers(user: Int) -> HTTPHeaders {
        ["Authorization": "Bearer \(tokens[user])", "Content-Type": "application/json"]
    }

    /// Creates a task titled `title` for bench user `user`.
    /// - Throws: `BenchmarkError` unless the answer is 201.
    func create(user: Int, title: String) async throws {
        let response = try await client.execute(
            .post, url: url(user: user), headers: headers(user: user), body: Array("{\"title\":\"\(title)\"}".utf8))
        guard response.status.code == 201 else {
            throw BenchmarkError("create answered \(response.status.code): \(String(decoding: response.body, as: UTF8.self))")
        }
    }

    /// Asks audit-log to recompute its hash chain (`GET /audit/verify` as an administrator).
    /// - Throws: `BenchmarkError` unless the chain is valid.
    func verifyAudit() async throws {
        let response = try await client.execute(
            .get, url: "http://127.0.0.1:\(port)/audit/verify", headers: ["Authorization": "Bearer \(adminToken)"],
            timeout: .seconds(30))
        let body = String(decoding: response.body, as: UTF8.self)
        guard response.status.code == 200, body.contains("\"valid\":true") else {
            throw BenchmarkError("audit chain does not verify: \(response.status.code) \(body)")
        }
    }

    /// A wrk Lua script that POSTs tasks titled `title`, each request for the next bench user in turn.
    func wrkScript(title: String) -> String {
        wrkCreateScript(users: users, tokens: tokens, body: #"{"title":"\#(title)"}"#)
    }

    /// Stops the stack with SIGINT (as Ctrl-C does) and waits for it; removes the data directory unless `keep`.
    func stop(keep: Bool = false) {
        client.close()
        process.stop(SIGINT)
        if !keep { _ = try? ChildProcess("rm", ["-rf", dataDirectory]).wait() }
    }

    /// Runs `body` on this stack, reports its failure under `label` with where the log was kept, and stops the stack,
    /// keeping its data directory when `body` failed or `TODOFN_BENCH_KEEP` is set.
    func measure(_ label: String, into report: Report, _ body: (TodofnStack) async throws -> Void) async {
        var failed = false
        do {
            try await body(self)
        } catch {
            failed = true
            report.failed(label, BenchmarkError("\(error) (log kept in \(dataDirectory)/todofn.log)"))
        }
        stop(keep: failed || environment("TODOFN_BENCH_KEEP") != nil)
    }
}
