import EmbeddedJobs
import EmbeddedSeams
import FoundationEssentials
import Glibc
import HTTPTypes
import Testing

/// kill -9 durability: a child process (this test binary, running the `child` test) schedules jobs and reports each
/// 204 and each trigger its app receives; the parent kills it with SIGKILL mid-stream, then opens the file again.
/// Every job that was answered 204 must be delivered: before the kill, or after the restart.
@Suite struct JobCrashTests {
    static let databaseVariable = "TODOFN_JOBS_CRASH_DB"

    @Test("child: schedules jobs and reports them until killed", .enabled(if: getenv(databaseVariable) != nil))
    func child() async throws {
        let path = String(cString: try #require(getenv(Self.databaseVariable)))
        let channel: AppChannel = { _, request in
            Self.report("delivered \(request.path.dropFirst("/job/".count))")
            try await Task.sleep(for: .milliseconds(20))
            return HTTPResponse(status: .ok)
        }
        let engine = JobsEngine(databasePath: path, appChannel: channel)
        try await engine.start()
        for index in 0..<5_000 {
            // Half fire at once (so triggers are in flight at the kill), half in an hour.
            let body = index % 2 == 0 ? #"{"dueTime":"0s","data":\#(index)}"# : #"{"dueTime":"1h","data":\#(index)}"#
            let response = await engine.handle(JobsTestSupport.post("job-\(index)", body), appID: "app")
            if response?.status.code == 204 { Self.report("accepted job-\(index)") }
        }
        try await Task.sleep(for: .seconds(30))
        await engine.stop()
    }

    @Test("every job answered 204 survives a kill -9 of the process: delivered before it, or after the restart")
    func survivesKill() async throws {
        let directory = JobsTestSupport.makeDirectory()
        defer { JobsTestSupport.removeDirectory(directory) }
        let path = "\(directory)/jobs.sqlite"
        // Arrange: the child runs until it has accepted 400 jobs, then dies by SIGKILL.
        let child = try Self.spawnChild(databasePath: path)
        var output = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while output.components(separatedBy: "accepted ").count <= 400, ContinuousClock.now < deadline {
            output += Self.drain(child.fd)
            try await Task.sleep(for: .milliseconds(2))
        }
        kill(child.pid, SIGKILL)
        var status: Int32 = 0
        waitpid(child.pid, &status, 0)
        output += Self.drain(child.fd)
        close(child.fd)
        let lines = output.split(separator: "\n")
        let accepted = Set(lines.filter { $0.hasPrefix("accepted ") }.map { String($0.dropFirst("accepted ".count)) })
        let delivered = Set(lines.filter { $0.hasPrefix("delivered ") }.map { String($0.dropFirst("delivered ".count)) })
        #expect(accepted.count > 400)

        // Act: open the file again two hours later, when every stored job is due.
        let app = RecordingApp()
        let clock = ManualClock(Date().addingTimeInterval(7_200))
        let engine = JobsEngine(databasePath: path, appChannel: app.channel, now: { clock.now })
        try await engine.start()
        #expect(await JobsTestSupport.eventually(timeout: .seconds(20)) { engine.jobCount == 0 })
        await engine.stop()

        // Assert: nothing accepted is lost: each job was delivered before the kill or fires after the restart.
        let fired = Set(app.deliveries.map { String($0.request.path.dropFirst("/job/".count)) })
        let lost = accepted.subtracting(delivered).subtracting(fired)
        #expect(lost.isEmpty, "lost \(lost.sorted().prefix(10))")
        #expect(app.count == fired.count)
        print(
            "jobs kill -9: \(accepted.count) accepted, \(delivered.count) delivered before the kill, \(fired.count) fired "
                + "after the restart, \(delivered.intersection(fired).count) of them again")
    }

    /// Writes one line to stdout at once (no buffering), so the parent sees it before a SIGKILL.
    static func report(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }

    /// Starts this test binary running only the `child` test, its stdout on a non-blocking pipe.
    static func spawnChild(databasePath: String) throws -> (pid: pid_t, fd: Int32) {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        try #require(length > 0)
        let executable = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            executable, "--testing-library", "swift-testing", "--filter", "EmbeddedJobsTests.JobCrashTests/child",
        ]
        var environment = ["\(databaseVariable)=\(databasePath)"]
        var entry = environ
        while let pointer = entry.pointee {
            environment.append(String(cString: pointer))
            entry += 1
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(fds[1])
        try #require(result == 0)
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        return (pid, fds[0])
    }

    /// Everything readable on `fd` now.
    static func drain(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
