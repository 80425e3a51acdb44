import Crypto
import EmbeddedRuntime
import Glibc
import HTTPTypes
import WebSocket

/// Issue 14's rows: the WebSocket codec per frame, ws-gateway's RSS with 1,000 and 10,000 idle connections and one
/// event to 10,000 connections, beside the Python `websockets` server doing the same fan-out in the same run; then
/// task change → browser socket through `todofn up` (`GatewayStackRun`).
struct GatewayBenchmarks {
    let binDirectory: String
    let referenceDirectory: String

    /// Events timed per server; each is one push (or broadcast) to every connection (`TODOFN_BENCH_FANOUT_EVENTS`,
    /// default 5; more for profiling).
    private let rounds = environment("TODOFN_BENCH_FANOUT_EVENTS").flatMap { Int($0) }.map { max(1, $0) } ?? 5

    func run(into report: Report) async {
        raiseFileLimit()
        codec(into: report)
        let gateway: Figures
        do {
            gateway = try await measureGateway()
        } catch {
            report.failed("ws-gateway", error)
            return
        }
        let python = try? measureReference()
        let reference = { (figure: (Figures) -> String) in
            python.map { "websockets (Python): \(figure($0))" } ?? "reference failed"
        }
        report.add(
            BenchmarkRow(
                name: "ws-gateway RSS at 1,000 / 10,000 idle connections (MB)",
                value: "\(fixed(gateway.rss1k)) / \(fixed(gateway.rss10k))", target: "10k ≤ 150",
                reference: reference { "\(fixed($0.rss1k)) / \(fixed($0.rss10k))" }))
        report.add(
            BenchmarkRow(
                name: "one event to 10,000 connections p50 / p99 (ms)",
                value: "\(fixed(gateway.p50)) / \(fixed(gateway.p99))", target: "p99 ≤ 100",
                reference: reference { "\(fixed($0.p50)) / \(fixed($0.p99))" } + " (\(rounds) events each)"))
        report.add(
            BenchmarkRow(
                name: "  server CPU per event to 10,000 connections (ms)", value: fixed(gateway.cpuPerEvent),
                target: "", reference: reference { fixed($0.cpuPerEvent) } + " (all threads, user + kernel)"))
        await GatewayStackRun(binDirectory: binDirectory).run(into: report)
    }

    private struct Figures {
        var rss1k: Double
        var rss10k: Double
        var p50: Double
        var p99: Double
        /// CPU time of the server's threads per event, in milliseconds.
        var cpuPerEvent: Double
    }

    /// Decodes masked 100-byte text frames and encodes server frames, in process.
    private func codec(into report: Report) {
        let payload = Array(String(repeating: "x", count: 100).utf8)
        let frame = WebSocketFrameEncoder.masked(.text, payload: payload)
        let stream = Array([[UInt8]](repeating: frame, count: 10_000).joined())
        var decoded = 0
        let decodeStart = monotonicNanos()
        for _ in 0..<20 {
            var reader = WebSocketReader(maxMessageSize: 64 * 1024)
            reader.append(stream)
            while let message = try? reader.next() { if case .text = message { decoded += 1 } }
        }
        let decodeNanos = Double(monotonicNanos() - decodeStart) / Double(max(decoded, 1))
        var encodedBytes = 0
        let encodeStart = monotonicNanos()
        for _ in 0..<200_000 { encodedBytes &+= WebSocketFrameEncoder.encode(.text, payload: payload).count }
        let encodeNanos = Double(monotonicNanos() - encodeStart) / 200_000
        report.add(
            BenchmarkRow(
                name: "WebSocket codec decode / encode, 100-byte text frame (ns)",
                value: "\(fixed(decodeNanos, 0)) / \(fixed(encodeNanos, 0))", target: "—",
                reference: "\(decoded) decoded (unmask + UTF-8 check), \(encodedBytes / 200_000) B/frame"))
    }

    private func measureGateway() async throws -> Figures {
        let directory = "/tmp/todofn-bench-gateway-\(getpid())"
        mkdir(directory, 0o700)
        defer { _ = system("rm -rf '\(directory)'") }
        let secrets = #"{"redis":{"redis-password":"bench"}}"#
        guard let file = fopen(directory + "/secrets.json", "w") else { throw BenchmarkError("cannot write secrets") }
        fputs(secrets, file)
        fclose(file)
        let runtime = EmbeddedDaprRuntime(
            configuration: EmbeddedRuntimeConfiguration(
                dataDirectory: directory, resourcesDirectory: referenceDirectory + "/../../../dapr",
                apps: [.init(appID: "ws-gateway")], appChannel: { _, _ in HTTPResponse(status: .notFound) }),
            logger: RuntimeLogger(minimumLevel: .error))
        try await runtime.start()
        defer { Task { await runtime.stop() } }
        let key = "bench-key", appToken = "bench-app-token"
        let port = Probe.freePort()
        let gateway = try ChildProcess(
            binDirectory + "/ws-gateway",
            environment: [
                "PORT": String(port), "APP_ID": "ws-gateway", "DAPR_HTTP_PORT": String(runtime.apiPort(for: "ws-gateway")),
                "JWT_SIGNING_KEY": key, "APP_API_TOKEN": appToken, "LOG_LEVEL": "error",
            ], logFile: directory + "/ws-gateway.log")
        defer { _ = gateway.stop() }
        do {
            try waitUntil { Probe.status(port: port, path: "/health/readiness") == 200 }
        } catch {
            let log = readTextFile(directory + "/ws-gateway.log") ?? ""
            throw BenchmarkError("ws-gateway never got ready on port \(port): \(log.prefix(2000))")
        }
        let now = Int64(time(nil))
        let token = try JWTSigner(secret: Array(key.utf8)).sign(JWTClaims(subject: "bench", expiresAt: now + 3600))
        let load = WebSocketLoad()
        let headers = "Sec-WebSocket-Protocol: bearer, \(token)\r\n"
        try load.open(1_000, port: port, target: "/ws", extraHeaders: headers, readsHello: true)
        let rss1k = Double(gateway.residentKiB() ?? 0) / 1024
        try load.open(9_000, port: port, target: "/ws", extraHeaders: headers, readsHello: true)
        let rss10k = Double(gateway.residentKiB() ?? 0) / 1024
        var latencies: [Double] = []
        var cpu: UInt64 = 0
        for seq in 0...rounds {
            let event = Self.event(seq + 1)
            let body = #"{"userId":"bench","seq":\#(seq + 1),"event":\#(event)}"#
            let request =
                "POST /internal/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "dapr-api-token: \(appToken)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            var trigger: Int32 = -1
            let cpuBefore = gateway.cpuNanos()
            let round = try load.fanOut { trigger = try Self.send(request, port: port) }
            if seq > 0 { cpu += gateway.cpuNanos() - cpuBefore }
            close(trigger)
            guard round.count == load.sockets.count else {
                throw BenchmarkError("event \(seq + 1) reached \(round.count) of \(load.sockets.count) connections")
            }
            if seq > 0 { latencies += round }
        }
        return Figures(
            rss1k: rss1k, rss10k: rss10k, p50: percentile(latencies, 50), p99: percentile(latencies, 99),
            cpuPerEvent: Double(cpu) / 1e6 / Double(rounds))
    }

    private func measureReference() throws -> Figures {
        let port = Probe.freePort()
        let server = try ChildProcess("python3", [referenceDirectory + "/websockets_fanout.py", String(port)])
        defer { _ = server.stop() }
        try waitUntil { (try? Self.send("", port: port)).map { close($0) } != nil }
        let load = WebSocketLoad()
        try load.open(1_000, port: port, target: "/", extraHeaders: "", readsHello: false)
        let rss1k = Double(server.residentKiB() ?? 0) / 1024
        try load.open(9_000, port: port, target: "/", extraHeaders: "", readsHello: false)
        let rss10k = Double(server.residentKiB() ?? 0) / 1024
        var latencies: [Double] = []
        var cpu: UInt64 = 0
        for round in 0...rounds {
            let cpuBefore = server.cpuNanos()
            let samples = try load.fanOut { load.sendText(Self.event(round + 1)) }
            if round > 0 { cpu += server.cpuNanos() - cpuBefore }
            guard samples.count == load.sockets.count else {
                throw BenchmarkError("broadcast reached \(samples.count) of \(load.sockets.count)")
            }
            if round > 0 { latencies += samples }
        }
        return Figures(
            rss1k: rss1k, rss10k: rss10k, p50: percentile(latencies, 50), p99: percentile(latencies, 99),
            cpuPerEvent: Double(cpu) / 1e6 / Double(rounds))
    }

    /// A task event of the usual size (about 100 bytes, under the 126-byte short frame for the reference's trigger).
    private static func event(_ seq: Int) -> String {
        #"{"id":"e\#(seq)","type":"todo.task.updated.v1","source":"task-crud","data":{"title":"bench"}}"#
    }

    /// Connects to `127.0.0.1:port` and writes `text`; returns the open socket.
    private static func send(_ text: String, port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw BenchmarkError("connect to \(port) failed")
        }
        let bytes = Array(text.utf8)
        if !bytes.isEmpty { _ = write(fd, bytes, bytes.count) }
        return fd
    }

    private func waitUntil(_ condition: () -> Bool) throws {
        for _ in 0..<1500 {
            if condition() { return }
            usleep(20_000)
        }
        throw BenchmarkError("server did not start within 30 s")
    }

    private func raiseFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
