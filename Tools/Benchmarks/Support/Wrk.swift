import Glibc

/// Runs wrk against a local URL and reads its Requests/sec line.
enum Wrk {
    /// Requests per second from `wrk -t2 -c<connections> -d<seconds>s`, optionally POSTing `bodyBytes` bytes.
    static func requestsPerSecond(url: String, connections: Int = 64, seconds: Int, bodyBytes: Int? = nil) throws -> Double {
        guard let bodyBytes else {
            return try requestsPerSecond(url: url, connections: connections, seconds: seconds, script: nil)
        }
        let script = """
            wrk.method = "POST"
            wrk.body = string.rep("x", \(bodyBytes))
            wrk.headers["Content-Type"] = "application/octet-stream"
            """
        return try requestsPerSecond(url: url, connections: connections, seconds: seconds, script: script)
    }

    /// Requests per second from `wrk -t2 -c<connections> -d<seconds>s` running the Lua `script` (nil: plain GETs).
    /// - Throws: `BenchmarkError` when wrk fails or saw a non-2xx answer.
    static func requestsPerSecond(url: String, connections: Int, seconds: Int, script: String?) throws -> Double {
        var arguments = ["-t2", "-c\(connections)", "-d\(seconds)s"]
        var scriptPath: String?
        if let script {
            let path = "/tmp/todofn-bench-wrk-\(getpid()).lua"
            try writeTextFile(path, script)
            arguments += ["-s", path]
            scriptPath = path
        }
        defer { if let scriptPath { unlink(scriptPath) } }
        let process = try ChildProcess("wrk", arguments + [url], captureOutput: true)
        let output = process.readOutput()
        let status = process.wait()
        guard status == 0 else { throw BenchmarkError("wrk exited \(status)") }
        if output.contains("Non-2xx") { throw BenchmarkError("wrk saw non-2xx answers: \(output)") }
        for line in output.split(separator: "\n") where line.hasPrefix("Requests/sec:") {
            if let value = Double(line.split(separator: " ", omittingEmptySubsequences: true).last ?? "") {
                return value
            }
        }
        throw BenchmarkError("no Requests/sec in wrk output: \(output)")
    }
}

/// Writes `text` to `path`, replacing it.
func writeTextFile(_ path: String, _ text: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw BenchmarkError("cannot write \(path)") }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    guard write(fd, bytes, bytes.count) == bytes.count else { throw BenchmarkError("short write to \(path)") }
}
