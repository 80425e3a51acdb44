import FoundationEssentials
import Glibc
import Testing

/// A browser's live connection to ws-gateway through the ingress: `live_client.py` (the `websockets` client) as a
/// child process, its messages one per line in a file that the test polls.
final class LiveClient: Sendable {
    static let script = String(#filePath.split(separator: "/Support/", maxSplits: 1)[0]) + "/live_client.py"

    let pid: Int32
    let output: String

    /// Connects `user` (with `since`, to replay) and waits for the hello.
    init(stack: Stack, user: String, since: Int? = nil, directory: String) async throws {
        try #require(system("python3 -c 'import websockets' 2>/dev/null") == 0, "needs the websockets package (make deps)")
        output = "\(directory)/live-\(user)-\(UInt32.random(in: 0...UInt32.max)).log"
        let url = "ws://127.0.0.1:\(stack.port)/ws" + (since.map { "?since=\($0)" } ?? "")
        pid = try Processes.spawn(
            "/usr/bin/env", ["python3", Self.script, url, try stack.token(user)], environment: [:], output: output)
        try #require(
            await waitFor { $0.contains { $0.contains(#""type":"hello""#) } }, "no hello: \(Files.text(output).suffix(2000))")
    }

    /// The lines received so far.
    var lines: [String] { Files.text(output).split(separator: "\n").map(String.init) }

    /// Polls the received lines until `condition` holds (90 s at most).
    func waitFor(_ condition: ([String]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if condition(lines) { return true }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return condition(lines) }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(lines)
    }

    /// Lines that carry an event of `type` about `reminderID`.
    func events(_ type: String, about reminderID: String) -> [String] {
        lines.filter { $0.contains(#""type":"\#(type)""#) && $0.contains(reminderID) }
    }

    /// Closes the connection (SIGTERM) and waits for the process.
    func close() async {
        kill(pid, SIGTERM)
        _ = await Processes.waitForExit(pid, within: .seconds(10))
    }
}
