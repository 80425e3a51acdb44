import CLinux
import Glibc

/// Many idle WebSocket client connections on one epoll set, for the gateway rows: opened in batches from several
/// 127.0.0.x source addresses (loopback has ~28k ephemeral ports per source), then one fan-out timed as each
/// connection's first bytes arrive.
final class WebSocketLoad {
    private(set) var sockets: [Int32] = []
    private let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))

    deinit {
        for fd in sockets { close(fd) }
        close(epoll)
    }

    /// Opens `count` more connections to `127.0.0.1:port` with `GET <target>` and `extraHeaders`, waiting for each
    /// 101 head (and, with `readsHello`, the first frame after it).
    func open(_ count: Int, port: Int, target: String, extraHeaders: String, readsHello: Bool) throws {
        let request = Array(
            ("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(extraHeaders)\r\n").utf8)
        var opened = 0
        while opened < count {
            let batch = min(200, count - opened)
            var fresh: [Int32] = []
            for index in 0..<batch {
                let fd = try connect(port: port, source: UInt8(2 + (sockets.count + index) % 16))
                guard write(fd, request, request.count) == request.count else { throw BenchmarkError("handshake write") }
                fresh.append(fd)
            }
            for fd in fresh {
                try readHandshake(fd, readsHello: readsHello)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                var event = epoll_event()
                event.events = EPOLLIN.rawValue
                event.data.fd = fd
                epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
                sockets.append(fd)
            }
            opened += batch
        }
    }

    /// Runs `trigger` and returns, for every connection, the milliseconds until its first bytes arrived (nil for
    /// those that got nothing within `timeout`).
    func fanOut(timeout: Double = 30, _ trigger: () throws -> Void) rethrows -> [Double] {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        for fd in sockets { while read(fd, &buffer, buffer.count) > 0 {} }
        var arrived = [Int32: Double]()
        let start = monotonicNanos()
        try trigger()
        var events = [epoll_event](repeating: epoll_event(), count: 1024)
        while arrived.count < sockets.count, Double(monotonicNanos() - start) / 1e9 < timeout {
            let ready = epoll_wait(epoll, &events, Int32(events.count), 100)
            guard ready > 0 else { continue }
            let now = monotonicNanos()
            for event in events[0..<Int(ready)] {
                let fd = event.data.fd
                // Level-triggered: a short read drained the socket, anything left raises the next wait.
                _ = read(fd, &buffer, buffer.count)
                if arrived[fd] == nil { arrived[fd] = Double(now - start) / 1e6 }
            }
        }
        return Array(arrived.values)
    }

    /// A masked text frame on the first connection (the reference server's trigger).
    func sendText(_ text: String) {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81, 0x80 | UInt8(payload.count), 0, 0, 0, 0]
        frame += payload
        _ = write(sockets[0], frame, frame.count)
    }

    private func connect(port: Int, source: UInt8) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchmarkError("socket: errno \(errno) after \(sockets.count) connections") }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = UInt32(127) | UInt32(source) << 24
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = UInt32(127) | UInt32(1) << 24
        let ok = withUnsafePointer(to: &local) { bindPointer in
            withUnsafePointer(to: &remote) { remotePointer in
                bindPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                } == 0
                    && remotePointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    } == 0
            }
        }
        guard ok else {
            close(fd)
            throw BenchmarkError("connect: errno \(errno) after \(sockets.count) connections")
        }
        return fd
    }

    private func readHandshake(_ fd: Int32, readsHello: Bool) throws {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var headEnd: Int?
        while true {
            if let end = headEnd {
                // The hello frame: 2 header bytes and a payload under 126 bytes.
                if !readsHello || (received.count >= end + 2 && received.count >= end + 2 + Int(received[end + 1] & 0x7F)) {
                    return
                }
            }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { throw BenchmarkError("handshake: connection closed after \(sockets.count)") }
            received += buffer[0..<count]
            if headEnd == nil, let range = received.firstRange(of: [0x0D, 0x0A, 0x0D, 0x0A]) {
                guard received.starts(with: Array("HTTP/1.1 101".utf8)) else {
                    throw BenchmarkError("handshake refused: \(String(decoding: received.prefix(80), as: UTF8.self))")
                }
                headEnd = range.upperBound
            }
        }
    }
}
