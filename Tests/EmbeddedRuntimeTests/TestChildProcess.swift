import Glibc

/// A child process started with `posix_spawn`, its stdout on a pipe (test helper for the kill -9 test).
final class TestChildProcess {
    let pid: pid_t
    private let outputFD: Int32

    /// The `EmbeddedRuntimeTestHost` executable built next to the test bundle.
    static var testHostPath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let exe = count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        var directory = exe
        if let slash = directory.lastIndex(of: "/") { directory = String(directory[..<slash]) }
        while directory.hasSuffix(".xctest") || directory.hasSuffix("/MacOS") || directory.hasSuffix("/Contents") {
            if let slash = directory.lastIndex(of: "/") { directory = String(directory[..<slash]) } else { break }
        }
        return directory + "/EmbeddedRuntimeTestHost"
    }

    /// Starts `path` with `arguments`; stderr is discarded.
    init?(_ path: String, _ arguments: [String]) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, nil, argv, environ)
        close(fds[1])
        guard result == 0 else {
            close(fds[0])
            return nil
        }
        pid = child
        outputFD = fds[0]
    }

    /// Reads one line of stdout (blocking; the child prints it within milliseconds of starting).
    func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(outputFD, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    /// Sends `signal` and reaps the child.
    func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(pid, signal)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(outputFD)
    }
}
