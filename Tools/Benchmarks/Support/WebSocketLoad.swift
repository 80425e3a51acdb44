import CLinux
import Glibc

/// Many idle WebSocket client connections on one epoll set, for the gateway rows: opened in batches from several
/// 127.0.0.x source addresses (loopback has ~28k ephemeral ports per source), then one fan-out timed as each
/// connection's first bytes arrive.
///
/// Timing a fan-out costs the client as little as possible, since on one machine the client's work is charged to the
/// server it measures: the sockets are edge-triggered, so each arrival is seen once without a `read` (what arrived is
/// read and checked after the clock stops); and the client polls `epoll_wait` every `pollMicroseconds` instead of
/// sleeping in it: on loopback the receiver's wakeup runs inside the sender's `send`, and a client asleep in
/// `epoll_wait` had the gateway's loops preempted on their sends (a tenth of their time in a profile), a cost a remote
/// browser never puts on the server. An arrival is stamped when the poll sees it, so at most one poll interval late:
/// the figures err on the slow side.
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
                event.events = EPOLLIN.rawValue | EPOLLET.rawValue
                event.data.fd = fd
                epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
                sockets.append(fd)
            }
            opened += batch
        }
    }

    /// Runs `trigger` and returns, for every connection, the milliseconds until its first bytes arrived (nil for
    /// those that got nothing within `timeout`). Afterwards every connection must hold one whole frame.
    /// - Throws: what `trigger` throws; `BenchmarkError` when a connection received something else.
    func fanOut(timeout: Double = 30, _ trigger: () throws -> Void) throws -> [Double] {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        for fd in sockets { while read(fd, &buffer, buffer.count) > 0 {} }
        // Stale edges of the bytes just drained: epoll drops them once it sees nothing is readable.
        var events = [epoll_event](repeating: epoll_event(), count: 4096)
        while epoll_wait(epoll, &events, Int32(events.count), 0) > 0 {}
        var arrived = [Double?](repeating: nil, count: Int(sockets.max() ?? 0) + 1)
        var count = 0
        let start = monotonicNanos()
        try trigger()
        while count < sockets.count, Double(monotonicNanos() - start) / 1e9 < timeout {
            let ready = epoll_wait(epoll, &events, Int32(events.count), 0)
            guard ready > 0 else {
                usleep(Self.pollMicroseconds)
                continue
            }
            let now = Double(monotonicNanos() - start) / 1e6
            for event in events[0..<Int(ready)] where arrived[Int(event.data.fd)] == nil {
                arrived[Int(event.data.fd)] = now
                count += 1
            }
        }
        for fd in sockets where arrived[Int(fd)] != nil {
            let received = read(fd, &buffer, buffer.count)
            guard received >= 2, received >= Self.frameLength(buffer) else {
                throw BenchmarkError("connection \(fd) received \(received) bytes, not one whole frame")
            }
        }
        return arrived.compactMap { $0 }
    }

    /// How often a fan-out's arrivals are polled.
    static let pollMicroseconds: UInt32 = 500

    /// The length of the server frame (unmasked, at most 64 KiB) that `bytes` starts with.
    private static func frameLength(_ bytes: [UInt8]) -> Int {
        let length = Int(bytes[1] & 0x7F)
        return length < 126 ? 2 + length : 4 + (Int(bytes[2]) << 8 | Int(bytes[3]))
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
                    throw BenchmarkError("handshake refused: \(String(decoding: received.prefix(400), as: UTF8.self))")
                }
                headEnd = range.upperBound
            }
        }
    }
}
