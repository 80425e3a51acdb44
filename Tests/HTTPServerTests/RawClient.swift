import Glibc

/// A blocking loopback client that writes exact bytes and reads raw responses, with timeouts.
final class RawClient {
    /// A response as read off the wire.
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let fd: Int32
    private var pending: [UInt8] = []

    /// Connects to 127.0.0.1:`port`, from `source` (another loopback address, e.g. 127.0.0.2, to act as another
    /// client) when given; nil when the connection is refused. A small receive buffer makes the server meet
    /// backpressure sooner.
    init?(port: Int, receiveBufferSize: Int32? = nil, source: String? = nil) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound != 0 { return nil }
        }
        if var size = receiveBufferSize {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // No close here: a class's failable init that returns nil still runs deinit, which closes it.
        if result != 0 { return nil }
    }

    deinit { Glibc.close(fd) }

    /// Sends every byte; false when the peer is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads what is available within `timeout` seconds; nil on end of stream or error, [] on timeout.
    func readSome(timeout: Double) -> [UInt8]? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(timeout * 1000))
        if ready == 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 { return nil }
        return Array(buffer[0..<count])
    }

    /// Reads one response (head and Content-Length body; no body for 1xx/204/304 or when `head` is true).
    func readResponse(timeout: Double = 10, head: Bool = false) throws -> Response {
        let deadline = now() + timeout
        while true {
            if let end = find([13, 10, 13, 10]) {
                let headText = String(decoding: pending[0..<end], as: UTF8.self)
                var lines = headText.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                    throw Failure(description: "bad status line: \(headText)")
                }
                let headers = lines.map { line -> (String, String) in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    return (String(parts[0]), parts.count > 1 ? String(parts[1]).trimmingCharacters(in: " ") : "")
                }
                let response = Response(status: status, headers: headers, body: [])
                let length =
                    (head || status < 200 || status == 204 || status == 304)
                    ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
                while pending.count < end + 4 + length {
                    guard now() < deadline, let more = readSome(timeout: 0.2) else {
                        throw Failure(description: "body cut short")
                    }
                    pending += more
                }
                var complete = response
                complete.body = Array(pending[(end + 4)..<(end + 4 + length)])
                pending.removeFirst(end + 4 + length)
                return complete
            }
            guard now() < deadline else { throw Failure(description: "timed out waiting for a response") }
            guard let more = readSome(timeout: 0.2) else {
                throw Failure(description: "closed before a response; got \(pending.count) bytes")
            }
            pending += more
        }
    }

    /// Whether the server closes the connection within `timeout` seconds (reads and discards until then).
    func closes(within timeout: Double) -> Bool {
        let deadline = now() + timeout
        while now() < deadline {
            guard let bytes = readSome(timeout: 0.1) else { return true }
            pending += bytes
        }
        return false
    }

    /// Bytes received but not consumed by `readResponse`.
    var unread: [UInt8] { pending }

    private func find(_ needle: [UInt8]) -> Int? {
        guard pending.count >= needle.count else { return nil }
        for index in 0...(pending.count - needle.count) where pending[index] == needle[0] {
            if Array(pending[index..<(index + needle.count)]) == needle { return index }
        }
        return nil
    }
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }

    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
