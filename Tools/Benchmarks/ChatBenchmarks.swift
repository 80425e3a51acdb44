import Crypto
import Glibc
import HTTPClient
import HTTPServer
import HTTPTypes

/// Issue 13's chat row: `POST /api/{user}/chat` through the release `task-crud` process alone (no ingress; its relay
/// publishes to a stand-in sidecar), on SQLite and PostgreSQL. One client, one message at a time, in one
/// conversation: a typical add ("add buy milk tomorrow at 5pm #home !high") and a list ("what's due this week") over
/// 20 tasks; p50 over `count` after a warm-up.
struct ChatBenchmarks {
    let binDirectory: String
    let postgresURL: String?
    private let count = 1000
    private let secret = "todofn-bench-chat-key"

    func run(into report: Report) async {
        let sqlite = "/tmp/todofn-bench-chat-\(getpid()).sqlite"
        await measure(backend: "SQLite", database: sqlite, into: report)
        for suffix in ["", "-wal", "-shm"] { unlink(sqlite + suffix) }
        guard let postgresURL else { return }
        do {
            await measure(
                backend: "PostgreSQL", database: try ScratchDatabase.recreate(postgresURL, name: "todofn_bench_chat"),
                into: report)
        } catch {
            report.failed("chat PostgreSQL", error)
        }
    }

    private func measure(backend: String, database: String, into report: Report) async {
        let port = Probe.freePort()
        let sidecar = AcceptingSidecar.server()
        defer { sidecar.shutdown() }
        let process: ChildProcess
        do {
            process = try ChildProcess(
                "\(binDirectory)/task-crud",
                environment: [
                    "PORT": "\(port)", "HOST": "127.0.0.1", "DATABASE_URL": database, "JWT_SIGNING_KEY": secret,
                    "DAPR_HTTP_PORT": "\(try sidecar.start())", "LOG_LEVEL": "critical", "APP_ID": "task-crud",
                ])
        } catch {
            report.failed("chat \(backend): start", error)
            return
        }
        defer { _ = process.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.poolSize = 1
        configuration.requestTimeout = .seconds(10)
        let client = HTTPClient(configuration: configuration)
        defer { client.close() }
        do {
            try await waitUntilReady(port)
            let chat = Chat(client: client, url: "http://127.0.0.1:\(port)/api/", token: try token("benchlist"))
            for index in 0..<20 { _ = try await chat.send("benchlist", "add bench task \(index) in \(index % 9) days") }
            let adder = Chat(client: client, url: chat.url, token: try token("benchadd"))
            for (name, user, message, sender) in [
                ("add", "benchadd", "add buy milk tomorrow at 5pm #home !high", adder),
                ("list", "benchlist", "what's due this week", chat),
            ] {
                for _ in 0..<100 { _ = try await sender.send(user, message) }
                var latencies: [Double] = []
                for _ in 0..<count { latencies.append(try await sender.send(user, message)) }
                report.add(
                    BenchmarkRow(
                        name: "chat \(backend): \(name) p50 / p99 ms through the function",
                        value: "\(fixed(percentile(latencies, 50), 3)) / \(fixed(percentile(latencies, 99), 3))",
                        target: "p50 ≤ 2",
                        reference: "\(count) sequential messages in one conversation, one connection, after 100 warm-up"))
            }
        } catch {
            report.failed("chat \(backend)", error)
        }
    }

    /// One conversation: the first answer's conversation_id is sent with every later message.
    private final class Chat: @unchecked Sendable {
        let client: HTTPClient
        let url: String
        let token: String
        /// Only the benchmark's one task touches it, one message at a time.
        var conversation: String?

        init(client: HTTPClient, url: String, token: String) {
            self.client = client
            self.url = url
            self.token = token
        }

        /// Sends `message` as `user`; returns the milliseconds the answer took.
        func send(_ user: String, _ message: String) async throws -> Double {
            let body = #"{"message":"\#(message)""# + (conversation.map { #","conversation_id":"\#($0)"}"# } ?? "}")
            let started = monotonicNanos()
            let response = try await client.execute(
                .post, url: url + user + "/chat",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json", "X-Timezone": "Europe/Paris"],
                body: Array(body.utf8))
            let elapsed = Double(monotonicNanos() - started) / 1e6
            let text = String(decoding: response.body, as: UTF8.self)
            guard response.status.code == 200, !text.contains(#""error""#) else {
                throw BenchmarkError("chat answered \(response.status.code): \(text.prefix(300))")
            }
            if conversation == nil, let range = text.firstRange(of: #""conversation_id":""#) {
                conversation = String(text[range.upperBound...].prefix(36))
            }
            return elapsed
        }
    }

    private func token(_ user: String) throws -> String {
        let now = Int64(time(nil))
        return try JWTSigner(secret: Array(secret.utf8)).sign(JWTClaims(subject: user, issuedAt: now, expiresAt: now + 3600))
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
}
