import Glibc
import Synchronization

/// Reads every child's stdout and stderr on one dedicated thread (`poll`), hands each complete line to `sink`,
/// and reports a child's exit (`waitpid`) once both its pipes have reached end of file.
///
/// The thread never runs on Swift's cooperative pool; `sink` and `onExit` are called on it.
final class LogPump: Sendable {
    private struct Registration {
        let name: String
        let process: ChildProcess
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
        let result = pthread_create(&handle, nil, { argument in
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
    func add(_ process: ChildProcess, name: String) {
        shared.withLock { $0.added.append(Registration(name: name, process: process)) }
        wake()
    }

    /// Stops the thread, closing any pipes still open, and waits for it (`pthread_join`).
    func stop() {
        shared.withLock { $0.stopping = true }
        wake()
        if let handle = thread.withLock({ value -> pthread_t? in defer { value = nil }; return value }) {
            pthread_join(handle, nil)
        }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    fileprivate var wakeFD: Int32 { wakeRead }

    /// Takes the registrations made since the last call, and whether the pump is stopping.
    fileprivate func takeAdded() -> ([(name: String, process: ChildProcess)], Bool) {
        shared.withLock { shared in
            defer { shared.added = [] }
            return (shared.added.map { ($0.name, $0.process) }, shared.stopping)
        }
    }

    fileprivate func emit(_ name: String, _ line: String) { sink(name, line) }
    fileprivate func exited(_ pid: Int32, _ status: Int32) { onExit(pid, status) }
}

/// The reader thread's own state: open streams with their partial lines, and children waiting to be reaped.
private final class LogPumpLoop {
    private struct Stream {
        let name: String
        let pid: Int32
        var pending: [UInt8] = []
    }

    private let pump: LogPump
    private var streams: [Int32: Stream] = [:]
    private var openPipes: [Int32: Int] = [:]
    private var unreaped: [Int32] = []
    private var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    private static let maxLine = 64 * 1024

    init(pump: LogPump) { self.pump = pump }

    func run() {
        while true {
            let (added, stopping) = pump.takeAdded()
            for (name, process) in added {
                streams[process.stdoutFD] = Stream(name: name, pid: process.pid)
                streams[process.stderrFD] = Stream(name: name, pid: process.pid)
                openPipes[process.pid] = 2
            }
            reap()
            if stopping { break }
            var polled = [pollfd(fd: pump.wakeFD, events: Int16(POLLIN), revents: 0)]
            polled += streams.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), unreaped.isEmpty ? -1 : 1)
            if ready < 0 && errno != EINTR { break }
            for entry in polled where entry.revents != 0 {
                if entry.fd == pump.wakeFD {
                    while read(pump.wakeFD, &buffer, buffer.count) > 0 {}
                } else {
                    drain(entry.fd)
                }
            }
        }
        for fd in Array(streams.keys) { finish(fd) }
    }

    private func drain(_ fd: Int32) {
        let count = read(fd, &buffer, buffer.count)
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return }
        guard count > 0, var stream = streams[fd] else { return finish(fd) }
        var start = 0
        for index in 0..<count where buffer[index] == 0x0A {
            stream.pending += buffer[start..<index]
            pump.emit(stream.name, String(decoding: stream.pending, as: UTF8.self))
            stream.pending.removeAll(keepingCapacity: true)
            start = index + 1
        }
        stream.pending += buffer[start..<count]
        if stream.pending.count > Self.maxLine {
            pump.emit(stream.name, String(decoding: stream.pending, as: UTF8.self))
            stream.pending.removeAll()
        }
        streams[fd] = stream
    }

    /// End of file on `fd`: print its last partial line, close it, and queue its child for reaping once both
    /// of the child's pipes are closed.
    private func finish(_ fd: Int32) {
        guard let stream = streams.removeValue(forKey: fd) else { return }
        if !stream.pending.isEmpty { pump.emit(stream.name, String(decoding: stream.pending, as: UTF8.self)) }
        close(fd)
        let left = (openPipes[stream.pid] ?? 1) - 1
        openPipes[stream.pid] = left
        if left == 0 {
            openPipes[stream.pid] = nil
            unreaped.append(stream.pid)
        }
    }

    private func reap() {
        unreaped.removeAll { pid in
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                pump.exited(pid, status)
                return true
            }
            return result < 0 && errno == ECHILD
        }
    }
}
