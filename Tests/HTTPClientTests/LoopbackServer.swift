import Glibc
import HTTPTypes
import Synchronization

/// A tiny blocking HTTP/1.1 server on 127.0.0.1 for the client tests: one thread per connection, keep-alive,
/// Content-Length bodies only, and a few canned routes.
///
/// Routes: `/echo` (body back, `X-Method`, `X-Test-*` headers reflected), `/headers` (request head as text),
/// `/slow?ms=N`, `/status/N`, `/big?bytes=N`, `/close` (answers, then closes the connection).
final class LoopbackServer: Sendable {
    private struct State {
        var threads: [pthread_t] = []
        var connections: Set<Int32> = []
        var accepted = 0
        var answered = 0
        var stopping = false
    }

    /// The bound port.
    let port: Int
    private let listener: Int32
    private let state = Mutex(State())
    private let acceptThread = Mutex<pthread_t?>(nil)

    /// Listens on 127.0.0.1 and an ephemeral port, or on a Unix socket at `unixSocketPath`, and starts accepting.
    init(unixSocketPath: String? = nil) throws {
        let (listener, port) = try unixSocketPath.map { (try Self.listenUnix($0), 0) } ?? Self.listenLoopback()
        self.listener = listener
        self.port = port
        let thread = try Self.spawn { [self] in acceptLoop() }
        acceptThread.withLock { $0 = thread }
    }

    private static func listenLoopback() throws -> (Int32, Int) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ServerError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 128) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw ServerError.socket(errno)
        }
        return (listener, Int(UInt16(bigEndian: address.sin_port)))
    }

    private static func listenUnix(_ path: String) throws -> Int32 {
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ServerError.socket(errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(listener)
            throw ServerError.socket(ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        unlink(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 && listen(listener, 128) == 0
            }
        }
        guard bound else {
            close(listener)
            throw ServerError.socket(errno)
        }
        return listener
    }

    /// Connections accepted so far.
    var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Connections not yet closed.
    var openConnections: Int { state.withLock { $0.connections.count } }

    /// Responses written (or being written) so far.
    var answeredRequests: Int { state.withLock { $0.answered } }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Stops accepting, cuts every connection, and joins every thread.
    func stop() {
        state.withLock { $0.stopping = true }
        shutdown(listener, Int32(SHUT_RDWR))
        if let thread = acceptThread.withLock({ $0.take() }) { pthread_join(thread, nil) }
        close(listener)
        let threads = state.withLock { state -> [pthread_t] in
            for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
            return state.threads
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR, !isStopping { continue }
                return
            }
            let registered = state.withLock { state -> Bool in
                guard !state.stopping else { return false }
                state.accepted += 1
                state.connections.insert(fd)
                return true
            }
            guard registered, let thread = try? Self.spawn({ [self] in serve(fd) }) else {
                close(fd)
                continue
            }
            state.withLock { $0.threads.append(thread) }
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            state.withLock { _ = $0.connections.remove(fd) }
            close(fd)
        }
        var buffer: [UInt8] = []
        while let request = readRequest(fd, &buffer) {
            let (response, closeAfter) = respond(to: request)
            // Counted before the write: once the client holds the response, the count already includes it.
            state.withLock { $0.answered += 1 }
            guard write(fd, response), !closeAfter else { return }
        }
    }

    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> HTTPRequest? {
        var headEnd: Int?
        while true {
            headEnd = Self.find([13, 10, 13, 10], in: buffer)
            if headEnd != nil { break }
            guard receive(fd, &buffer) else { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self).split(separator: "\r\n")
        let requestLine = head.first?.split(separator: " ") ?? []
        guard requestLine.count == 3 else { return nil }
        var headers = HTTPHeaders()
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            headers.add(name: String(line[..<colon]), value: String(value))
        }
        let length = Int(headers["Content-Length"] ?? "0") ?? 0
        let bodyStart = headEnd + 4
        while buffer.count < bodyStart + length {
            guard receive(fd, &buffer) else { return nil }
        }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return HTTPRequest(
            method: HTTPMethod(rawValue: String(requestLine[0])), target: String(requestLine[1]), headers: headers,
            body: body)
    }

    private func respond(to request: HTTPRequest) -> (bytes: [UInt8], close: Bool) {
        var response = HTTPResponse(status: .ok, headers: ["X-Server": "loopback"])
        var closeAfter = false
        let path = request.path
        if path == "/echo" {
            response.body = request.body
            response.headers.add(name: "X-Method", value: request.method.rawValue)
            for field in request.headers where field.name.lowercased().hasPrefix("x-test-") {
                response.headers.add(name: field.name, value: field.value)
            }
        } else if path == "/headers" {
            response.body = Array(request.headers.description.utf8)
        } else if path == "/slow" {
            // By the clock, not by counting sleeps: on a busy machine each 5 ms sleep overshoots.
            let deadline = ContinuousClock.now + .milliseconds(Int(request.queryValue("ms") ?? "0") ?? 0)
            while ContinuousClock.now < deadline, !isStopping { usleep(5_000) }
            response.body = Array("slow".utf8)
        } else if path.hasPrefix("/status/"), let code = Int(path.dropFirst("/status/".count)) {
            response.status = HTTPStatus(code: code)
            response.body = Array("status \(code)".utf8)
        } else if path == "/big" {
            let count = Int(request.queryValue("bytes") ?? "0") ?? 0
            response.body = (0..<count).map { UInt8(truncatingIfNeeded: $0 % 251) }
        } else if path == "/close" {
            response.headers.add(name: "Connection", value: "close")
            response.body = Array("bye".utf8)
            closeAfter = true
        } else {
            response.status = .notFound
        }
        var text = "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n"
        for field in response.headers { text += "\(field.name): \(field.value)\r\n" }
        text += "Content-Length: \(response.body.count)\r\n\r\n"
        return (Array(text.utf8) + (request.method == .head ? [] : response.body), closeAfter)
    }

    private func receive(_ fd: Int32, _ buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private static func spawn(_ body: @escaping @Sendable () -> Void) throws -> pthread_t {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, loopbackThreadMain, context) == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw ServerError.thread
        }
        return thread
    }

    enum ServerError: Error { case socket(Int32), thread }
}

private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

private func loopbackThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run()
    return nil
}
