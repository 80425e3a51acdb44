import Glibc

/// Issue 2's rows: cold start and idle RSS of a function binary, /health and 1 KiB echo throughput, each beside the
/// references measured in the same run (a static Swift binary with Foundation, FastAPI + uvicorn, libmicrohttpd).
struct HTTPBenchmarks {
    let binDirectory: String
    let referenceDirectory: String
    let seconds: Int

    func run(into report: Report) {
        let function = "\(binDirectory)/minimal-function"
        let fastAPI = fastAPICommand()
        var coldStartReferences: [String] = []
        var rssReferences: [String] = []
        if let fastAPI, let (coldStart, rss, _) = try? coldStart(fastAPI.0, fastAPI.1, runs: 5) {
            coldStartReferences.append("FastAPI+uvicorn \(fixed(median(coldStart), 0)) ms")
            rssReferences.append("FastAPI+uvicorn \(fixed(Double(rss) / 1024)) MB")
        }
        do {
            // The function and the static Swift reference start in turn, so both see the same machine load.
            let swiftReference = compileSwiftReference()
            let (times, rss, anon, reference) = try coldStarts(function, reference: swiftReference, runs: 21)
            if let reference {
                coldStartReferences.insert("static Swift+Foundation \(fixed(median(reference.times), 2)) ms", at: 0)
                rssReferences.insert(
                    "static Swift+Foundation \(fixed(Double(reference.rss) / 1024)) MB "
                        + "(\(fixed(Double(reference.anon) / 1024)))", at: 0)
            }
            report.add(
                BenchmarkRow(
                    name: "cold start, exec → first 200 (median of 21)", value: "\(fixed(median(times), 2)) ms",
                    target: "≤ 3 ms", reference: coldStartReferences.joined(separator: ", ")))
            report.add(
                BenchmarkRow(
                    name: "idle RSS of a function binary (anonymous part)",
                    value: "\(fixed(Double(rss) / 1024)) MB (\(fixed(Double(anon) / 1024)))", target: "≤ 8 MB",
                    reference: rssReferences.joined(separator: ", ")))
        } catch {
            report.failed("cold start", error)
        }
        let mhd = compileMicroHTTPD()
        for (name, path, body, target) in [
            ("/health/readiness req/s (wrk -t2 -c64)", "/health/readiness", nil, "≥ 60,000"),
            ("1 KiB POST echo req/s (wrk -t2 -c64)", "/echo", 1024, "≥ 50,000"),
        ] as [(String, String, Int?, String)] {
            var reference: [String] = []
            if let mhd, let value = try? throughput(mhd, [], portArgument: true, path: path, body: body) {
                reference.append("libmicrohttpd \(grouped(value))")
            }
            if let fastAPI, let value = try? throughput(fastAPI.0, fastAPI.1, path: path, body: body) {
                reference.append("FastAPI \(grouped(value))")
            }
            do {
                let value = try throughput(function, [], path: path, body: body)
                report.add(
                    BenchmarkRow(
                        name: name, value: grouped(value), target: target,
                        reference: reference.joined(separator: ", ")))
            } catch {
                report.failed(name, error)
            }
        }
    }

    /// `runs` cold starts of `command`, each followed by one of `reference` when given (alternating, so a burst of
    /// load on the shared machine hits both); each result as `coldStart` returns it.
    private func coldStarts(_ command: String, reference: String?, runs: Int) throws -> (
        [Double], Int, Int, (times: [Double], rss: Int, anon: Int)?
    ) {
        var times: [Double] = []
        var referenceTimes: [Double] = []
        var last = (0, 0)
        var referenceLast = (0, 0)
        for _ in 0..<runs {
            let (time, rss, anon) = try coldStart(command, [], runs: 1)
            times += time
            last = (rss, anon)
            if let reference, let (time, rss, anon) = try? coldStart(reference, [], runs: 1) {
                referenceTimes += time
                referenceLast = (rss, anon)
            }
        }
        let referenceResult = referenceTimes.isEmpty ? nil : (referenceTimes, referenceLast.0, referenceLast.1)
        return (times, last.0, last.1, referenceResult)
    }

    /// Exec → first 200 on /health/readiness, in ms, for each run; and the RSS and its anonymous part (KiB) after
    /// the last start. The rest of the RSS is the binary's clean file-backed pages, shared by every instance.
    private func coldStart(_ command: String, _ arguments: [String], runs: Int) throws -> ([Double], Int, Int) {
        var times: [Double] = []
        var rss = 0
        var anon = 0
        for _ in 0..<runs {
            let port = Probe.freePort()
            let started = monotonicNanos()
            let process = try ChildProcess(
                command, arguments.map { $0 == "$PORT" ? "\(port)" : $0 },
                environment: ["PORT": "\(port)", "LOG_LEVEL": "error"])
            defer { process.stop() }
            while Probe.status(port: port, path: "/health/readiness") != 200 {
                if monotonicNanos() - started > 20_000_000_000 { throw BenchmarkError("\(command) never became ready") }
                usleep(200)
            }
            times.append(Double(monotonicNanos() - started) / 1_000_000)
            usleep(100_000)
            rss = process.residentKiB() ?? 0
            anon = process.residentKiB("RssAnon") ?? 0
        }
        return (times, rss, anon)
    }

    private func throughput(
        _ command: String, _ arguments: [String], portArgument: Bool = false, path: String,
        body: Int?
    ) throws -> Double {
        let port = Probe.freePort()
        let process = try ChildProcess(
            command,
            (portArgument ? ["\(port)"] : [])
                + arguments.map {
                    $0 == "$PORT" ? "\(port)" : $0
                }, environment: ["PORT": "\(port)", "LOG_LEVEL": "error"])
        defer { process.stop() }
        let started = monotonicNanos()
        while Probe.status(port: port, path: "/health/readiness") == nil {
            if monotonicNanos() - started > 20_000_000_000 { throw BenchmarkError("\(command) never answered") }
            usleep(1000)
        }
        _ = try Wrk.requestsPerSecond(url: "http://127.0.0.1:\(port)\(path)", seconds: 1, bodyBytes: body)
        return try Wrk.requestsPerSecond(url: "http://127.0.0.1:\(port)\(path)", seconds: seconds, bodyBytes: body)
    }

    private func fastAPICommand() -> (String, [String])? {
        guard ((try? ChildProcess("python3", ["-c", "import fastapi, uvicorn"]))?.wait() ?? 1) == 0 else { return nil }
        return (
            "python3",
            [
                "-m", "uvicorn", "fastapi_app:app", "--app-dir", referenceDirectory, "--port", "$PORT",
                "--log-level", "error", "--no-access-log",
            ]
        )
    }

    /// Builds `swift_hello.swift` once (about 4 s); rebuilt when the source is newer than the binary.
    private func compileSwiftReference() -> String? {
        let source = "\(referenceDirectory)/swift_hello.swift"
        let output = "/tmp/todofn-bench-swift-hello"
        var sourceInfo = stat()
        var outputInfo = stat()
        if stat(source, &sourceInfo) == 0, stat(output, &outputInfo) == 0,
            outputInfo.st_mtim.tv_sec > sourceInfo.st_mtim.tv_sec
        {
            return output
        }
        let compiler = try? ChildProcess("swiftc", ["-O", "-static-executable", "-o", output, source])
        return compiler?.wait() == 0 ? output : nil
    }

    private func compileMicroHTTPD() -> String? {
        let output = "/tmp/todofn-bench-mhd"
        let compiler = try? ChildProcess("cc", ["-O2", "-o", output, "\(referenceDirectory)/mhd_hello.c", "-lmicrohttpd"])
        return compiler?.wait() == 0 ? output : nil
    }
}
