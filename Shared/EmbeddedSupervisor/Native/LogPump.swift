import Glibc
import Synchronization

/// Reads every child's stdout and stderr on one dedicated thread (`poll`), hands each complete line to `sink`,
/// and reports a child's exit (`waitpid`) once both its pipes have reached end of file.
///
/// The thread never runs on Swift's cooperative pool; `sink` and `onExit` are called on it.
final class LogPump: Sendable {
    private struct Registration {
        let name: String
        let process: SpawnedProcess
    }

    private struct Shared {
        var added: [Registration] = []
        var stopping = false
    }

    private let shared = Mutex(Shared())
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let thread = Mutex<pthread_t?>(nil)
    private let sink: @Sendable (_ name: String, _ line: String) -> Void
    private let onExit: @Sendable (_ pid: Int32, _ status: Int32) -> Void

    /// Creates the pump; its thread starts with `start()`.
    init(
        sink: @escaping @Sendable (_ name: String, _ line: String) -> Void,
        onExit: @escaping @Sendable (_ pid: Int32, _ status: Int32) -> Void
    ) throws(SupervisorError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SupervisorError(.spawnFailed, "pipe: \(String(cString: strerror(errno)))") }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        self.sink = sink
        self.onExit = onExit
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Starts the reader thread (`pthread_create`).
    func start() throws(SupervisorError) {
        let box = Unmanaged.passRetained(LogPumpLoop(pump: self)).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(
            &handle, nil,
            { argument in
                guard let argument else { return nil }
                Unmanaged<LogPumpLoop>.fromOpaque(argument).takeRetainedValue().run()
                return nil
            }, box)
        guard result == 0 else {
            Unmanaged<LogPumpLoop>.fromOpaque(box).release()
            throw SupervisorError(.spawnFailed, "pthread_create: \(String(cString: strerror(result)))")
        }
        thread.withLock { $0 = handle }
    }

    /// Starts reading `process`'s pipes; its lines are prefixed with `name`.
    func add(_ process: SpawnedProcess, name: String) {
        shared.withLock { $0.added.append(Registration(name: name, process: process)) }
        wake()
    }

    /// Stops the thread, closing any pipes still open, and waits for it (`pthread_join`).
    func stop() {
        shared.withLock { $0.stopping = true }
        wake()
        if let handle = thread.withLock({ value -> pthread_t? in
            defer { value = nil }; return value
        }) {
            pthread_join(handle, nil)
        }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    var wakeFD: Int32 { wakeRead }

    /// Takes the registrations made since the last call, and whether the pump is stopping.
    func takeAdded() -> ([(name: String, process: SpawnedProcess)], Bool) {
        shared.withLock { shared in
            defer { shared.added = [] }
            return (shared.added.map { ($0.name, $0.process) }, shared.stopping)
        }
    }

    func emit(_ name: String, _ line: String) { sink(name, line) }
    func exited(_ pid: Int32, _ status: Int32) { onExit(pid, status) }
}
