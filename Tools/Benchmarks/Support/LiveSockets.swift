import CLinux
import CloudEvents
import FoundationEssentials
import Glibc
import JSON

/// One live WebSocket connection per bench user on ws-gateway (through the `todofn up` ingress), read on one epoll
/// set by ``pump(milliseconds:)``, which the bench calls while it waits: every ReminderTriggered frame is stamped
/// with the wall clock when its bytes are read and kept against its reminder id (lateness = arrival − `remindAt`);
/// pings are answered, so the gateway keeps the connections. Only the bench's own flow calls it (one task at a time):
/// the concurrent creates that share a ``ConsumerRun`` never touch it, hence `@unchecked Sendable`.
final class LiveSockets: @unchecked Sendable {
    private var sockets: [Int32] = []
    private let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
    private var pending: [Int32: [UInt8]] = [:]
    /// Reminder id → the lateness in ms of every ReminderTriggered frame that carried it.
    private(set) var arrivals: [String: [Double]] = [:]
    /// Reminder ids in the order they first arrived.
    private(set) var order: [String] = []
    /// Each arrived reminder's title and due time.
    private(set) var details: [String: (title: String, remindAt: Date)] = [:]
    /// When each event frame arrived, by its seq (meaningful with one user's sockets: the fanout rows).
    private(set) var eventArrivals: [Int64: Date] = [:]
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)

    deinit {
        for fd in sockets { close(fd) }
        close(epoll)
    }

    /// Opens one connection per token to `GET /ws` on `127.0.0.1:port` and waits for each hello.
    func open(port: Int, tokens: [String]) throws {
        for token in tokens {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var remote = sockaddr_in()
            remote.sin_family = sa_family_t(AF_INET)
            remote.sin_port = in_port_t(UInt16(port).bigEndian)
            remote.sin_addr.s_addr = UInt32(127) | UInt32(1) << 24
            let connected = withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard fd >= 0, connected == 0 else { throw BenchmarkError("live socket: connect errno \(errno)") }
            let request = Array(
                ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: bearer, \(token)\r\n\r\n").utf8)
            guard write(fd, request, request.count) == request.count else { throw BenchmarkError("live socket: write") }
            var received: [UInt8] = []
            while !String(decoding: received, as: UTF8.self).contains("\"hello\"") {
                let count = read(fd, &buffer, buffer.count)
                guard count > 0 else {
                    throw BenchmarkError("live socket closed: \(String(decoding: received.prefix(200), as: UTF8.self))")
                }
                received += buffer[0..<count]
                guard received.count < 4 || received.starts(with: Array("HTTP/1.1 101".utf8)) else {
                    throw BenchmarkError("live socket refused: \(String(decoding: received.prefix(200), as: UTF8.self))")
                }
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var event = epoll_event()
            event.events = EPOLLIN.rawValue
            event.data.fd = fd
            epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
            sockets.append(fd)
        }
    }

    /// Reads whatever arrives within `milliseconds`.
    func pump(milliseconds: Int32) {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        let deadline = monotonicNanos() + UInt64(milliseconds) * 1_000_000
        while true {
            let left = Int64(deadline) - Int64(monotonicNanos())
            let ready = epoll_wait(epoll, &events, Int32(events.count), Int32(max(0, left / 1_000_000)))
            if ready > 0 {
                let now = Date()
                for event in events[0..<Int(ready)] { drain(event.data.fd, at: now) }
            }
            if left <= 0 { return }
        }
    }

    private func drain(_ fd: Int32, at now: Date) {
        while true {
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            pending[fd, default: []] += buffer[0..<count]
        }
        var bytes = pending[fd] ?? []
        var offset = 0
        while bytes.count - offset >= 2 {
            let opcode = bytes[offset] & 0x0F
            var length = Int(bytes[offset + 1] & 0x7F)
            var header = 2
            if length == 126 {
                guard bytes.count - offset >= 4 else { break }
                length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
                header = 4
            } else if length == 127 {
                guard bytes.count - offset >= 10 else { break }
                length = (0..<8).reduce(0) { $0 << 8 | Int(bytes[offset + 2 + $1]) }
                header = 10
            }
            guard bytes.count - offset >= header + length else { break }
            let payload = Array(bytes[(offset + header)..<(offset + header + length)])
            offset += header + length
            if opcode == 0x9 { pong(fd, payload) }
            if opcode == 0x1 { record(payload, at: now) }
        }
        bytes.removeFirst(offset)
        pending[fd] = bytes
    }

    private func record(_ payload: [UInt8], at now: Date) {
        let text = String(decoding: payload, as: UTF8.self)
        let eventPrefix = #"{"type":"event","seq":"#
        if text.hasPrefix(eventPrefix), let seq = Int64(text.dropFirst(eventPrefix.count).prefix { $0.isNumber }),
            eventArrivals[seq] == nil
        {
            eventArrivals[seq] = now
        }
        guard text.contains("\"com.todo.reminder.triggered.v1\""), let id = field("reminderId", in: text),
            let remindAt = field("remindAt", in: text).flatMap(RFC3339.parse)
        else { return }
        if arrivals[id] == nil {
            order.append(id)
            details[id] = (field("title", in: text) ?? "", remindAt)
        }
        arrivals[id, default: []].append(now.timeIntervalSince(remindAt) * 1000)
    }

    private func field(_ name: String, in text: String) -> String? {
        guard let start = text.firstRange(of: "\"\(name)\":\"") else { return nil }
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }

    private func pong(_ fd: Int32, _ payload: [UInt8]) {
        let frame: [UInt8] = [0x8A, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload
        _ = write(fd, frame, frame.count)
    }
}
