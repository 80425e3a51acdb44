import Glibc

/// One cold-start row per function product (`todofn-bench functions`): exec → first 200 on `/health/readiness`,
/// median of 21, each function on its own SQLite file that a first start migrated (a scale-from-zero start finds
/// its database), so every start really opens the database and checks its schema. The functions are the
/// `Functions/<name>/` folders with a built executable, and `minimal-function` (no database) beside them.
struct FunctionColdStartBenchmarks {
    let binDirectory: String
    let runs = 21

    func run(into report: Report) {
        for name in ["minimal-function"] + Self.functionNames() where access("\(binDirectory)/\(name)", X_OK) == 0 {
            let database = "/tmp/todofn-bench-cold-\(name)-\(getpid()).sqlite"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(database + suffix) } }
            do {
                _ = try Self.coldStart("\(binDirectory)/\(name)", name: name, database: database)
                var times: [Double] = []
                for _ in 0..<runs { times.append(try Self.coldStart("\(binDirectory)/\(name)", name: name, database: database)) }
                let sorted = times.sorted()
                report.add(
                    BenchmarkRow(
                        name: "cold start \(name), exec → 200 (SQLite, median of \(runs))",
                        value: "\(fixed(median(times), 2)) ms", target: "≤ 5 ms",
                        reference: "min \(fixed(sorted[0], 2)), max \(fixed(sorted[sorted.count - 1], 2)) ms"))
            } catch {
                report.failed("cold start \(name)", error)
            }
        }
    }

    /// One start of `executable` on a free port over `database`: milliseconds from spawn to the first 200 on
    /// `/health/readiness`; the process is stopped (SIGTERM) afterwards.
    static func coldStart(_ executable: String, name: String, database: String) throws -> Double {
        let port = Probe.freePort()
        let started = monotonicNanos()
        let process = try ChildProcess(
            executable,
            environment: [
                "PORT": "\(port)", "LOG_LEVEL": "error", "APP_ID": name, "DATABASE_URL": database,
                "JWT_SIGNING_KEY": "todofn-bench-signing-key",
            ])
        defer { process.stop() }
        while Probe.status(port: port, path: "/health/readiness") != 200 {
            if monotonicNanos() - started > 20_000_000_000 { throw BenchmarkError("\(name) never became ready") }
            usleep(200)
        }
        return Double(monotonicNanos() - started) / 1_000_000
    }

    /// The folders under `Functions/` (the working directory is the checkout, as `make bench` runs it).
    static func functionNames() -> [String] {
        guard let directory = opendir("Functions") else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }
}
