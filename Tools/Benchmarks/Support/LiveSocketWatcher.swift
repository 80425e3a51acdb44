import CLinux
import Glibc

/// Reads the live-update frames of a few browser-like WebSocket connections (opened by `WebSocketLoad`) and notes
/// when each numbered task first shows up on one of them: a text frame whose event carries `"title":"<prefix><n>"`
/// is task `n` arriving. Blocking; run it on its own thread while the load runs.
final class LiveSocketWatcher: @unchecked Sendable {
    // @unchecked Sendable: used by one thread at a time (the worker running `collect`).
    private let sockets: [Int32]
    private let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
    private var pending: [Int32: [UInt8]] = [:]

    init(sockets: [Int32]) {
        self.sockets = sockets
        for fd in sockets {
            var event = epoll_event()
            event.events = EPOLLIN.rawValue
            event.data.fd = fd
            epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event)
        }
    }

    deinit { close(epoll) }

    /// Reads until tasks `0..<count` titled `<prefix><n>` have all arrived, or `timeout` seconds have passed;
    /// returns each arrival's `monotonicNanos()` by task number.
    /// - Throws: `BenchmarkError` when the gateway closes a connection.
    func collect(prefix: String, count: Int, timeout: Double) throws -> [Int: UInt64] {
        let marker = Array("\"title\":\"\(prefix)".utf8)
        var arrived: [Int: UInt64] = [:]
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let start = monotonicNanos()
        while arrived.count < count, Double(monotonicNanos() - start) / 1e9 < timeout {
            let ready = epoll_wait(epoll, &events, Int32(events.count), 100)
            guard ready > 0 else { continue }
            let now = monotonicNanos()
            for event in events[0..<Int(ready)] {
                let fd = event.data.fd
                let received = read(fd, &buffer, buffer.count)
                guard received > 0 else { throw BenchmarkError("the gateway closed live connection \(fd)") }
                pending[fd, default: []] += buffer[0..<received]
                for payload in try frames(fd) {
                    if let number = Self.number(after: marker, in: payload), number < count, arrived[number] == nil {
                        arrived[number] = now
                    }
                }
            }
        }
        return arrived
    }

    /// The whole text frames received on `fd` so far (server frames are unmasked), taken out of its buffer.
    private func frames(_ fd: Int32) throws -> [ArraySlice<UInt8>] {
        guard var bytes = pending[fd] else { return [] }
        var payloads: [ArraySlice<UInt8>] = []
        var offset = 0
        while bytes.count - offset >= 2 {
            var length = Int(bytes[offset + 1] & 0x7F)
            var header = 2
            if length == 126 {
                guard bytes.count - offset >= 4 else { break }
                length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
                header = 4
            } else if length == 127 {
                guard bytes.count - offset >= 10 else { break }
                length = bytes[(offset + 2)..<(offset + 10)].reduce(0) { $0 << 8 | Int($1) }
                header = 10
            }
            guard bytes.count - offset >= header + length else { break }
            let opcode = bytes[offset] & 0x0F
            let payload = bytes[(offset + header)..<(offset + header + length)]
            if opcode == 0x8 {
                let code = payload.count >= 2 ? Int(payload.first!) << 8 | Int(payload.dropFirst().first!) : 0
                throw BenchmarkError("the gateway closed live connection \(fd) with \(code)")
            }
            if opcode == 0x1 { payloads.append(payload) }
            offset += header + length
        }
        bytes.removeFirst(offset)
        pending[fd] = bytes
        return payloads
    }

    /// The decimal number right after `marker` in `payload`.
    private static func number(after marker: [UInt8], in payload: ArraySlice<UInt8>) -> Int? {
        guard let range = payload.firstRange(of: marker) else { return nil }
        var value = 0
        var digits = 0
        for byte in payload[range.upperBound...] {
            guard byte >= 0x30, byte <= 0x39 else { break }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
