import Glibc
import Synchronization

/// A child started with `posix_spawn`, its stdout and stderr readable through pipes (the parent's ends, close-on-exec).
package struct SpawnedProcess: Sendable {
    /// The child's process id.
    package let pid: Int32
    /// The read end of the child's stdout.
    package let stdoutFD: Int32
    /// The read end of the child's stderr.
    package let stderrFD: Int32

    /// Starts `executable` with `arguments`, this process's environment overlaid with `environment`, stdin from
    /// `/dev/null`, in its own process group (so a terminal's Ctrl-C reaches only the supervisor, which stops it),
    /// with default signal dispositions and an empty signal mask. The C function is `posix_spawn`.
    /// - Throws: `SupervisorError` with code `spawnFailed`.
    package static func spawn(
        executable: String, arguments: [String] = [], environment: [String: String]
    ) throws(SupervisorError) -> SpawnedProcess {
        // One spawn at a time: a pipe end created by one call must be close-on-exec before another call's child
        // execs, or that child would hold it open and the first child's end of file would never come.
        try spawnLock.withLock { _ throws(SupervisorError) in
            try spawnLocked(executable: executable, arguments: arguments, environment: environment)
        }
    }

    private static let spawnLock = Mutex(())

    private static func spawnLocked(
        executable: String, arguments: [String], environment: [String: String]
    ) throws(SupervisorError) -> SpawnedProcess {
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard pipe(&out) == 0 else { throw failure(executable, "pipe", errno) }
        guard pipe(&err) == 0 else {
            close(out[0])
            close(out[1])
            throw failure(executable, "pipe", errno)
        }
        for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer {
            close(out[1])
            close(err[1])
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = mergedEnvironment(environment).map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        var result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // ETXTBSY: the file is still open for writing somewhere, typically a descriptor inherited by a process
        // forked while it was being written (a build relinking it, a script just written); that passes in moments.
        var attempt = 0
        while result == ETXTBSY, attempt < 5 {
            attempt += 1
            usleep(useconds_t(10_000 * attempt))
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard result == 0 else {
            close(out[0])
            close(err[0])
            throw failure(executable, "posix_spawn", result)
        }
        return SpawnedProcess(pid: pid, stdoutFD: out[0], stderrFD: err[0])
    }

    /// Sends `signal` to the child (`kill`); harmless once it has exited and before it is reaped.
    package func signal(_ signal: Int32) { _ = kill(pid, signal) }

    /// `environ` with `extra` replacing variables of the same name, as `NAME=value` lines.
    private static func mergedEnvironment(_ extra: [String: String]) -> [String] {
        var lines: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            if extra[name] == nil { lines.append(text) }
            pointer += 1
        }
        return lines + extra.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    private static func failure(_ executable: String, _ call: String, _ code: Int32) -> SupervisorError {
        SupervisorError(.spawnFailed, "cannot start \(executable): \(call): \(String(cString: strerror(code)))")
    }
}

/// Exit statuses as the shell reports them.
package enum ExitStatus {
    /// `waitpid`'s status as an exit code, or 128 + the signal that killed the process.
    package static func code(_ status: Int32) -> Int32 {
        status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
