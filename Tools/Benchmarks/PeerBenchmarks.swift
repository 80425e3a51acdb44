import Crypto
import Glibc

/// Issue 17's comparison (`todofn-bench peer`): the seed's stack rebuilt as a fair peer (`../shared/peer-fastapi`,
/// FastAPI + SQLModel + httpx, run as its README and `bench.sh` run it, untuned) beside audit-log and task-crud, in
/// the same run, on the same PostgreSQL (one scratch database each), the same stand-in sidecar (the peer's
/// `fake_dapr.py`) and the same load generator (wrk -t2 -c32, a 3 s warm-up before each measured run). Rows: audit
/// events/s and p99 (the peer's `events.lua`; for audit-log the same request in this system's catalogue shape),
/// task creates/s and p99 (the peer's `create_tasks.lua`, with `dueAt` for `due_date`), cold start (the peer's
/// `coldstart.py` for both) and idle RSS, each with the ratio.
struct PeerBenchmarks {
    let binDirectory: String
    let postgresURL: String?
    let seconds: Int
    private let peer = realPath(environment("TODOFN_PEER_DIR") ?? "../shared/peer-fastapi")
    private let secret = "todofn-bench-peer-key"

    func run(into report: Report) async {
        guard let postgresURL else {
            report.failed("peer", BenchmarkError("TODOFN_BENCH_DATABASE_URL is not set"))
            return
        }
        var processes: [ChildProcess] = []
        defer { for process in processes.reversed() { process.stop() } }
        do {
            let peerDB = try ScratchDatabase.recreate(postgresURL, name: "todofn_bench_peer")
            let oursDB = try ScratchDatabase.recreate(postgresURL, name: "todofn_bench_peer_ours")
            try prepare(peerDB)
            let dapr = Probe.freePort()
            let (peerAudit, peerTasks, ourAudit, ourTasks) = (
                Probe.freePort(), Probe.freePort(), Probe.freePort(), Probe.freePort()
            )
            processes.append(try script("run_fake_dapr.sh", ["DAPR_HTTP_PORT": "\(dapr)"]))
            try await ready(dapr, "/v1.0/healthz")
            let peerEnv = ["DATABASE_URL": peerDB, "DAPR_HTTP_PORT": "\(dapr)", "JWT_SECRET": secret]
            let auditProcess = try script("run_audit.sh", peerEnv.merging(["PORT": "\(peerAudit)"]) { $1 })
            processes.append(auditProcess)
            let tasksProcess = try script("run_tasks.sh", peerEnv.merging(["PORT": "\(peerTasks)"]) { $1 })
            processes.append(tasksProcess)
            let oursEnv = [
                "DATABASE_URL": oursDB, "DAPR_HTTP_PORT": "\(dapr)", "JWT_SIGNING_KEY": secret, "HOST": "127.0.0.1",
                "AUDIT_CHAIN_KEY": "todofn-bench-peer-chain-key", "LOG_LEVEL": "warning",
            ]
            let auditLog = try ChildProcess(
                "\(binDirectory)/audit-log", environment: oursEnv.merging(["PORT": "\(ourAudit)", "APP_ID": "audit-log"]) { $1 })
            processes.append(auditLog)
            let taskCrud = try ChildProcess(
                "\(binDirectory)/task-crud", environment: oursEnv.merging(["PORT": "\(ourTasks)", "APP_ID": "task-crud"]) { $1 })
            processes.append(taskCrud)
            for (port, path) in [
                (peerAudit, "/health"), (peerTasks, "/health"), (ourAudit, "/health/readiness"), (ourTasks, "/health/readiness"),
            ] {
                try await ready(port, path)
            }
            let rss = [auditProcess, tasksProcess, auditLog, taskCrud].map { Double($0.residentKiB() ?? 0) / 1024 }
            let anonymous = [auditProcess, tasksProcess, auditLog, taskCrud].map {
                Double($0.residentKiB("RssAnon") ?? 0) / 1024
            }
            try audit(peerPort: peerAudit, oursPort: ourAudit, peerDB: peerDB, oursDB: oursDB, into: report)
            try tasks(peerPort: peerTasks, oursPort: ourTasks, into: report)
            report.add(
                ratio(
                    "audit service idle RSS MiB", ours: rss[2], peer: rss[0], digits: 1, lowerIsBetter: true, target: "≥ 5× less")
            )
            report.add(
                ratio(
                    "task service idle RSS MiB", ours: rss[3], peer: rss[1], digits: 1, lowerIsBetter: true, target: "≥ 5× less"))
            // The private part alone (heap, stacks, written data): what each more replica of a service costs on a node,
            // where the replicas share the executable's and the libraries' pages through the page cache.
            report.add(
                ratio(
                    "audit service idle RssAnon MiB", ours: anonymous[2], peer: anonymous[0], digits: 1, lowerIsBetter: true,
                    target: ""))
            report.add(
                ratio(
                    "task service idle RssAnon MiB", ours: anonymous[3], peer: anonymous[1], digits: 1, lowerIsBetter: true,
                    target: ""))
            let peerCold = try coldStart(
                [
                    "\(peer)/.venv/bin/uvicorn", "audit_service:app", "--host", "127.0.0.1", "--port", "{port}", "--loop",
                    "uvloop",
                    "--http", "httptools", "--no-access-log", "--log-level", "warning",
                ], path: "/health", environment: peerEnv)
            // The peer's engine connects on first use, so its start opens no database; audit-log opens its own and
            // checks the schema before it answers: on a SQLite file a first start migrated (as a scale-from-zero start
            // finds it), and, for reference, on the same PostgreSQL.
            let sqlite = "/tmp/todofn-bench-peer-cold-\(getpid()).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(sqlite + suffix) } }
            for (backend, database) in [("SQLite", sqlite), ("PostgreSQL", oursDB)] {
                let ourCold = try coldStart(
                    ["\(binDirectory)/audit-log"], path: "/health/readiness",
                    environment: oursEnv.merging(["APP_ID": "audit-log", "DATABASE_URL": database]) { $1 })
                report.add(
                    ratio(
                        "audit cold start ms, ours on \(backend) (median of 20)", ours: ourCold,
                        peer: peerCold, digits: 2, lowerIsBetter: true, target: backend == "SQLite" ? "≥ 100×" : ""))
            }
        } catch {
            report.failed("peer", error)
        }
    }

    /// The peer's `.venv` (its `setup.sh`, pinned requirements) when missing, and its schema in its database.
    private func prepare(_ database: String) throws {
        if access("\(peer)/.venv/bin/uvicorn", X_OK) != 0 {
            guard try ChildProcess("bash", ["\(peer)/setup.sh"], quiet: false).wait() == 0 else {
                throw BenchmarkError("\(peer)/setup.sh failed")
            }
        }
        guard try ChildProcess("psql", ["-q", database, "-f", "\(peer)/schema.sql"]).wait() == 0 else {
            throw BenchmarkError("psql -f schema.sql failed")
        }
    }

    private func script(_ name: String, _ environment: [String: String]) throws -> ChildProcess {
        try ChildProcess("bash", ["\(peer)/\(name)"], environment: environment)
    }

    private func audit(peerPort: Int, oursPort: Int, peerDB: String, oursDB: String, into report: Report) throws {
        let path = "/events/task-events"
        let ourScript = "/tmp/todofn-bench-peer-events-\(getpid()).lua"
        try writeTextFile(ourScript, peerShapedAuditScript)
        defer { unlink(ourScript) }
        let peerRun = try measured("http://127.0.0.1:\(peerPort)\(path)", script: "\(peer)/events.lua", database: peerDB)
        let ourRun = try measured("http://127.0.0.1:\(oursPort)\(path)", script: ourScript, database: oursDB)
        report.add(
            ratio(
                "audit events/s (events.lua shape, wrk -t2 -c32)", ours: ourRun.perSecond, peer: peerRun.perSecond, digits: 0,
                lowerIsBetter: false, target: "≥ 20×", runs: [ourRun, peerRun]))
        report.add(ratio("audit event p99 ms", ours: ourRun.p99, peer: peerRun.p99, digits: 2, lowerIsBetter: true, target: ""))
    }

    private func tasks(peerPort: Int, oursPort: Int, into report: Report) throws {
        let peerToken = try ChildProcess(
            "\(peer)/.venv/bin/python", ["\(peer)/mint_token.py", "bench-user"], environment: ["JWT_SECRET": secret],
            captureOutput: true)
        let token = peerToken.readOutput().filter { !$0.isWhitespace }
        guard peerToken.wait() == 0, !token.isEmpty else { throw BenchmarkError("mint_token.py failed") }
        let now = Int64(time(nil))
        let ourToken = try JWTSigner(secret: Array(secret.utf8)).sign(
            JWTClaims(subject: "bench-user", issuedAt: now, expiresAt: now + 3600))
        guard let peerScript = readTextFile("\(peer)/create_tasks.lua"), peerScript.contains("\"due_date\"") else {
            throw BenchmarkError("\(peer)/create_tasks.lua not found or changed")
        }
        let ourScript = "/tmp/todofn-bench-peer-tasks-\(getpid()).lua"
        try writeTextFile(ourScript, peerScript.replacing("\"due_date\"", with: "\"dueAt\""))
        defer { unlink(ourScript) }
        let peerRun = try measured("http://127.0.0.1:\(peerPort)", script: "\(peer)/create_tasks.lua", token: token)
        let ourRun = try measured("http://127.0.0.1:\(oursPort)", script: ourScript, token: ourToken)
        report.add(
            ratio(
                "task creates/s (create_tasks.lua, wrk -t2 -c32)", ours: ourRun.perSecond, peer: peerRun.perSecond, digits: 0,
                lowerIsBetter: false, target: "≥ 10×", runs: [ourRun, peerRun]))
        report.add(ratio("task create p99 ms", ours: ourRun.p99, peer: peerRun.p99, digits: 2, lowerIsBetter: true, target: ""))
    }

    /// A 3 s warm-up, then the measured run; with `database`, the audit rows it added must cover every SUCCESS.
    private func measured(_ url: String, script: String, database: String? = nil, token: String? = nil) throws -> PeerWrkResult {
        let environment = token.map { ["TOKEN": $0, "USER_ID": "bench-user"] } ?? [:]
        _ = try PeerWrkResult.run(url: url, script: script, seconds: 3, environment: environment)
        usleep(1_000_000)
        let before = try database.map { try count($0) } ?? 0
        let result = try PeerWrkResult.run(url: url, script: script, seconds: seconds, environment: environment)
        if let database {
            usleep(2_000_000)
            let added = try count(database) - before
            guard added >= result.succeeded, result.succeeded > 0 else {
                throw BenchmarkError("\(url): \(result.succeeded) answered SUCCESS but \(added) audit rows were added")
            }
        }
        return result
    }

    private func count(_ database: String) throws -> Int {
        let process = try ChildProcess(
            "psql", ["-At", database, "-c", "SELECT count(*) FROM audit_entries"], captureOutput: true)
        let text = process.readOutput().filter { !$0.isWhitespace }
        guard process.wait() == 0, let value = Int(text) else { throw BenchmarkError("cannot count audit_entries") }
        return value
    }

    /// The peer's `coldstart.py -n 20` for `command` (`{port}` and `$PORT` are the port it picks).
    private func coldStart(_ command: [String], path: String, environment: [String: String]) throws -> Double {
        let process = try ChildProcess(
            "\(peer)/.venv/bin/python", ["\(peer)/coldstart.py", "-n", "20", "--path", path, "--cwd", peer, "--"] + command,
            environment: environment, captureOutput: true)
        let text = process.readOutput().filter { !$0.isWhitespace }
        guard process.wait() == 0, let value = Double(text) else { throw BenchmarkError("coldstart.py failed for \(command[0])") }
        return value
    }

    private func ready(_ port: Int, _ path: String) async throws {
        let started = monotonicNanos()
        while Probe.status(port: port, path: path).map({ $0 >= 400 }) ?? true {
            guard monotonicNanos() - started < 60_000_000_000 else {
                throw BenchmarkError("nothing answered \(path) on port \(port)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A row: ours, the peer's, and how many times better ours is.
    private func ratio(
        _ name: String, ours: Double, peer: Double, digits: Int, lowerIsBetter: Bool, target: String, runs: [PeerWrkResult] = []
    ) -> BenchmarkRow {
        let times = lowerIsBetter ? peer / max(ours, 1e-9) : ours / max(peer, 1e-9)
        let errors = zip(["ours", "peer"], runs).filter { !$0.1.socketErrors.isEmpty }.map { "\($0.0): \($0.1.socketErrors)" }
        return BenchmarkRow(
            name: "peer: \(name)", value: "\(fixed(times, 1))×", target: target,
            reference: "ours \(fixed(ours, digits)), FastAPI peer \(fixed(peer, digits))"
                + (errors.isEmpty ? "" : " (" + errors.joined(separator: "; ") + ")"))
    }
}

/// `path` made absolute and resolved (the peer's scripts and its `.venv` are found from it).
func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}
