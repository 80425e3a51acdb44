import Glibc

/// The reader thread's own state: open streams with their partial lines, and children waiting to be reaped.
final class LogPumpLoop {
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
        reap()
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
