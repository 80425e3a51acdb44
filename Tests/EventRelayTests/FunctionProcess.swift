import FoundationEssentials
import Glibc
import HTTPClient
import Testing

/// A built function executable (next to the test binary in `.build/<configuration>/`) run as a real process on
/// port 0, its stdout and stderr in a log file.
final class FunctionProcess: Sendable {
    let pid: pid_t
    let log: String
    let port: Int

    /// Starts `name` with `environment` added to this process's, and waits until it logs its port.
    init(_ name: String, environment: [String: String]) async throws {
        let executable = Self.buildDirectory + "/" + name
        try #require(access(executable, X_OK) == 0, "\(executable) is missing: run `swift build` before `swift test`")
        log = "/tmp/\(name)-\(UUID().uuidString).log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var lines: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if !environment.keys.contains(where: { text.hasPrefix($0 + "=") }) { lines.append(text) }
            pointer += 1
        }
        lines += environment.map { "\($0.key)=\($0.value)" }
        let argv = [strdup(executable), nil]
        let envp = lines.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        try #require(result == 0, "posix_spawn \(executable): \(String(cString: strerror(result)))")
        pid = child
        let deadline = ContinuousClock.now + .seconds(60)
        var found: Int?
        while found == nil, ContinuousClock.now < deadline {
            found = Self.listeningPort(in: Self.read(log))
            if found == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        port = try #require(found, "\(name) never logged its port: \(Self.read(log))")
    }

    /// The log so far.
    var output: String { Self.read(log) }

    /// Sends SIGTERM and waits for the exit; returns the exit status (128 + signal when killed).
    func terminate(within limit: Duration = .seconds(60)) async -> Int32? {
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + limit
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        return nil
    }

    /// Removes the log file.
    func removeLog() { _ = log.withCString { unlink($0) } }

    /// `"http.port":N` from the "Function listening" line.
    private static func listeningPort(in text: String) -> Int? {
        guard let range = text.firstRange(of: #""http.port":"#) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    private static func read(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The directory of the running test binary, where `swift build` put the executables.
    private static var buildDirectory: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "." }
        let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }
}
