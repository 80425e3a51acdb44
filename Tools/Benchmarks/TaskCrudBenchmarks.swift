import Crypto
import Glibc
import HTTPClient
import HTTPServer
import HTTPTypes

/// Issue 13's rows: task creates through the function itself, the release `task-crud` process alone (no ingress;
/// its relay publishes to a stand-in sidecar that accepts every publish at once, so the outbox is marked sent as
/// in a real run), on SQLite and PostgreSQL (a scratch database of its own). Latency: one client, one create at a time, p50/p99 over `count`
/// after a warm-up; throughput: wrk with 16 connections for `seconds`, users in turn.
struct TaskCrudBenchmarks {
    let binDirectory: String
    let postgresURL: String?
    let seconds: Int
    private let count = 2000
    private let users = (0..<16).map { "bench\($0)" }
    private let secret = "todofn-bench-task-crud-key"

    func run(into report: Report) async {
        let sqlite = "/tmp/todofn-bench-task-crud-\(getpid()).sqlite"
        await measure(backend: "SQLite", database: sqlite, into: report)
        for suffix in ["", "-wal", "-shm"] { unlink(sqlite + suffix) }
        guard let postgresURL else { return }
        do {
            let url = try ScratchDatabase.recreate(postgresURL, name: "todofn_bench_task_crud")
            await measure(backend: "PostgreSQL", database: url, into: report)
        } catch {
            report.failed("task-crud PostgreSQL", error)
        }
    }

    /// The function's PostgreSQL connections: its default (4) unless `TODOFN_BENCH_POOL` says otherwise.
    private let pool = environment("TODOFN_BENCH_POOL") ?? "4"

    private func measure(backend: String, database: String, into report: Report) async {
        let port = Probe.freePort()
        let sidecar = AcceptingSidecar.server()
        defer { sidecar.shutdown() }
        let process: ChildProcess
        do {
            let sidecarPort = try sidecar.start()
            process = try ChildProcess(
                "\(binDirectory)/task-crud",
                environment: [
                    "PORT": "\(port)", "HOST": "127.0.0.1", "DATABASE_URL": database, "JWT_SIGNING_KEY": secret,
                    "DAPR_HTTP_PORT": "\(sidecarPort)", "LOG_LEVEL": "critical", "APP_ID": "task-crud",
                    "DATABASE_POOL_SIZE": pool,
                ])
        } catch {
            report.failed("task-crud \(backend): start", error)
            return
        }
        defer {
            _ = process.stop()
        }
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 1
        configuration.requestTimeout = .seconds(10)
        let client = HTTPClient(configuration: configuration)
        defer { client.close() }
        do {
            let tokens = try users.map(token)
            try await waitUntilReady(port)
            let url = "http://127.0.0.1:\(port)/api/"
            let create = { (index: Int) async throws -> Double in
                let user = index % tokens.count
                let started = monotonicNanos()
                let response = try await client.execute(
                    .post, url: url + users[user] + "/tasks",
                    headers: ["Authorization": "Bearer \(tokens[user])", "Content-Type": "application/json"],
                    body: Array(#"{"title":"bench create","priority":"high","tags":["bench"]}"#.utf8))
                guard response.status.code == 201 else {
                    throw BenchmarkError(
                        "create answered \(response.status.code): \(String(decoding: response.body, as: UTF8.self))")
                }
                return Double(monotonicNanos() - started) / 1e6
            }
            for index in 0..<300 { _ = try await create(index) }
            var latencies: [Double] = []
            for index in 0..<count { latencies.append(try await create(index)) }
            report.add(
                BenchmarkRow(
                    name: "task-crud \(backend): create p50 / p99 ms through the function",
                    value: "\(fixed(percentile(latencies, 50), 3)) / \(fixed(percentile(latencies, 99), 3))",
                    target: backend == "SQLite" ? "p50 ≤ 1" : "",
                    reference: "\(count) sequential POSTs, one connection, after 300 warm-up"))
            let perSecond = try Wrk.requestsPerSecond(
                url: "http://127.0.0.1:\(port)", connections: 16, seconds: seconds, script: wrkScript(tokens))
            report.add(
                BenchmarkRow(
                    name: "task-crud \(backend): creates/s through the function (wrk -c16)", value: grouped(perSecond),
                    target: backend == "PostgreSQL" ? "≥ 3,000" : "",
                    reference:
                        "task + outbox row per create, relayed to a stand-in sidecar; \(pool) PostgreSQL connections"))
        } catch {
            report.failed("task-crud \(backend)", error)
        }
    }

    private func token(_ user: String) throws -> String {
        let now = Int64(time(nil))
        return try JWTSigner(secret: Array(secret.utf8)).sign(
            JWTClaims(subject: user, issuedAt: now, expiresAt: now + 3600))
    }

    private func waitUntilReady(_ port: Int) async throws {
        let started = monotonicNanos()
        while Probe.status(port: port, path: "/health/readiness") != 200 {
            guard monotonicNanos() - started < 30_000_000_000 else {
                throw BenchmarkError("task-crud never became ready on port \(port)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func wrkScript(_ tokens: [String]) -> String {
        wrkCreateScript(
            users: users, tokens: tokens, body: #"{"title":"bench burst","priority":"high","tags":["bench"]}"#)
    }
}

/// Answers every Dapr call with 204: a sidecar whose broker takes each publish at once.
struct AcceptingSidecar: HTTPResponder {
    func respond(to request: HTTPRequest) async -> HTTPResponse { HTTPResponse(status: .noContent) }

    /// The sidecar as a server on a free loopback port (chosen when it starts), leaving signals to the bench.
    static func server() -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.handlesSignals = false
        return HTTPServer(configuration: configuration, responder: AcceptingSidecar())
    }
}
