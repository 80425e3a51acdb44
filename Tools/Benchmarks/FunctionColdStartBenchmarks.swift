import EmbeddedSupervisor
import Glibc

/// Two rows per function product (`todofn-bench functions`): cold start, exec → first 200 on `/health/readiness`,
/// median of 21, and the idle RSS of the started process. Each function with a database starts on its own SQLite
/// file that a first start migrated (a scale-from-zero start finds its database), so every start really opens the
/// database and checks its schema; ws-gateway and ws-fanout have none (their rows say so). The functions are the
/// `Functions/<name>/` folders (a folder whose binary is missing is a FAILED row, not a silent gap), and
/// `minimal-function` (no database) beside them.
///
/// Keys come from the environment (`JWT_SIGNING_KEY`, `AUDIT_CHAIN_KEY`), as in a cluster with Kubernetes secrets as
/// environment variables; Dapr points at a port nobody listens on, so a function that called it at start would fail
/// here rather than reach another process's runtime.
struct FunctionColdStartBenchmarks {
    let binDirectory: String
    let runs = 21

    func run(into report: Report) {
        for name in ["minimal-function"] + Self.functionNames() {
            let executable = "\(binDirectory)/\(name)"
            guard access(executable, X_OK) == 0 else {
                report.failed("cold start \(name)", BenchmarkError("\(executable) is not built (make release)"))
                continue
            }
            let database = "/tmp/todofn-bench-cold-\(name)-\(getpid()).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(database + suffix) } }
            do {
                _ = try Self.coldStart(executable, name: name, database: database)
                let opensDatabase = access(database, F_OK) == 0
                var times: [Double] = []
                var memory = (rss: 0, anonymous: 0)
                for _ in 0..<runs {
                    let start = try Self.coldStart(executable, name: name, database: database)
                    times.append(start.milliseconds)
                    memory = (start.rssKiB, start.anonymousKiB)
                }
                let sorted = times.sorted()
                let storage = opensDatabase ? "SQLite" : "no database"
                report.add(
                    BenchmarkRow(
                        name: "cold start \(name), exec → 200 (\(storage), median of \(runs))",
                        value: "\(fixed(median(times), 2)) ms", target: "≤ 5 ms",
                        reference: "min \(fixed(sorted[0], 2)), max \(fixed(sorted[sorted.count - 1], 2)) ms"))
                report.add(
                    BenchmarkRow(
                        name: "idle RSS \(name) when ready (anonymous part)",
                        value: "\(fixed(Double(memory.rss) / 1024)) MB (\(fixed(Double(memory.anonymous) / 1024)))",
                        target: "", reference: "VmRSS (RssAnon) of the last start"))
            } catch {
                report.failed("cold start \(name)", error)
            }
        }
    }

    /// What one start measured.
    struct Start {
        /// Spawn to the first 200 on readiness.
        var milliseconds: Double
        /// The process's resident set (`VmRSS`) and its private part (`RssAnon`) once ready, in KiB.
        var rssKiB: Int
        var anonymousKiB: Int
    }

    /// One start of `executable` on a free port over `database`; the process is stopped (SIGTERM) afterwards.
    /// A start whose process exits before it is ready (its port was taken meanwhile by some other process's
    /// connection on this busy machine) is started again on a fresh port, up to 3 times.
    static func coldStart(_ executable: String, name: String, database: String) throws -> Start {
        var exits: [String] = []
        for _ in 0..<3 {
            if let start = try coldStartOnce(executable, name: name, database: database, exits: &exits) { return start }
        }
        throw BenchmarkError("\(name) exited before it was ready, 3 times (statuses \(exits.joined(separator: ", ")))")
    }

    /// One start, or nil when the process exited before it was ready (its status is appended to `exits`).
    private static func coldStartOnce(
        _ executable: String, name: String, database: String, exits: inout [String]
    ) throws -> Start? {
        // Below the ephemeral range (EmbeddedIngress's FreePort), where no outgoing connection takes the port
        // between the pick and the function's bind; Dapr points at a port nobody listens on.
        let port = try FreePort.pick()
        let dapr = try FreePort.pick()
        let started = monotonicNanos()
        let process = try ChildProcess(
            executable,
            environment: [
                "PORT": "\(port)", "LOG_LEVEL": "error", "APP_ID": name, "DATABASE_URL": database,
                "JWT_SIGNING_KEY": "todofn-bench-signing-key", "AUDIT_CHAIN_KEY": "todofn-bench-audit-chain-key",
                "DAPR_HTTP_ENDPOINT": "http://127.0.0.1:\(dapr)",
            ])
        var exited = false
        defer { if !exited { process.stop() } }
        while Probe.status(port: port, path: "/health/readiness") != 200 {
            var status: Int32 = 0
            if waitpid(process.pid, &status, WNOHANG) == process.pid {
                exited = true
                exits.append("\(status)")
                return nil
            }
            if monotonicNanos() - started > 20_000_000_000 { throw BenchmarkError("\(name) never became ready") }
            usleep(200)
        }
        let milliseconds = Double(monotonicNanos() - started) / 1_000_000
        return Start(
            milliseconds: milliseconds, rssKiB: process.residentKiB() ?? 0,
            anonymousKiB: process.residentKiB("RssAnon") ?? 0)
    }

    /// The folders under `Functions/` (the working directory is the checkout, as `make bench` runs it).
    static func functionNames() -> [String] {
        guard let directory = opendir("Functions") else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            guard entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            let name = String(
                cString: UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
                    .assumingMemoryBound(to: CChar.self))
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }
}
