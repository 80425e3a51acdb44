import Glibc

/// Stops a function whose supervisor died: `todofn up` starts each function with `TODOFN_SUPERVISOR_PID`, and a
/// function whose parent is no longer that process (the supervisor was killed with SIGKILL, so it could not stop
/// its children) shuts down gracefully instead of living on as an orphan that holds ports and database files.
///
/// A poll of `getppid()` every half second costs nothing measurable; `PR_SET_PDEATHSIG` would be immediate, but
/// it fires when the *thread* that spawned the child exits, and the supervisor spawns from pool threads.
enum SupervisorWatch {
    /// Watches until cancelled; calls `stop` once when the parent is no longer `supervisorPID`.
    static func run(supervisorPID: Int32, logger: Logger, stop: @Sendable () -> Void) async {
        while !Task.isCancelled {
            if getppid() != supervisorPID {
                logger.warning("Supervisor is gone; stopping", metadata: ["supervisor.pid": .integer(Int(supervisorPID))])
                stop()
                return
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}
