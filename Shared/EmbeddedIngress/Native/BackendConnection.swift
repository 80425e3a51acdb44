import Glibc
import Synchronization

/// A TCP connection to a function for a proxied WebSocket: connected, given the upgrade request and read by a
/// dedicated thread (blocking calls never run on an event loop or the cooperative pool), which hands every chunk
/// it reads, starting with the function's response head, to `chunks`. Writes never block (`MSG_DONTWAIT`).
final class BackendConnection: Sendable {
    /// The bytes the function sends: its response head (and anything after it), then the stream; ends at EOF.
    let chunks: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    /// The socket once connected (-1 before and after), and whether `shutdownBoth` was called.
    private let descriptor = Mutex<(fd: Int32, closed: Bool)>((-1, false))

    private final class Start {
        let connection: BackendConnection
        let port: Int
        let head: [UInt8]
        init(_ connection: BackendConnection, _ port: Int, _ head: [UInt8]) {
            self.connection = connection
            self.port = port
            self.head = head
        }
    }

    /// Starts the thread that connects to `127.0.0.1:port`, sends `head` and reads (`pthread_create`).
    init(port: Int, head: [UInt8]) {
        (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let box = Unmanaged.passRetained(Start(self, port, head)).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(
            &handle, nil,
            { argument in
                guard let argument else { return nil }
                let start = Unmanaged<Start>.fromOpaque(argument).takeRetainedValue()
                start.connection.pump(port: start.port, head: start.head)
                return nil
            }, box)
        if result == 0 {
            pthread_detach(handle)
        } else {
            Unmanaged<Start>.fromOpaque(box).release()
            continuation.finish()
        }
    }

    /// Sends `bytes` to the function; false once the connection is gone.
    func send(_ bytes: [UInt8]) async -> Bool {
        var offset = 0
        while offset < bytes.count {
            // Under the lock, so the reading thread cannot close (and the kernel reuse) the descriptor meanwhile.
            let (sent, error) = descriptor.withLock { state -> (Int, Int32) in
                guard state.fd >= 0 else { return (-1, EBADF) }
                let sent = bytes.withUnsafeBytes {
                    Glibc.send(state.fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
                }
                return (sent, sent < 0 ? errno : 0)
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (error == EAGAIN || error == EWOULDBLOCK || error == EINTR) {
                try? await Task.sleep(for: .milliseconds(1))
            } else {
                return false
            }
        }
        return true
    }

    /// Ends both directions (`shutdown`); the reading thread then sees end of file, closes the socket and ends `chunks`.
    func shutdownBoth() {
        descriptor.withLock { state in
            state.closed = true
            if state.fd >= 0 { _ = Glibc.shutdown(state.fd, Int32(SHUT_RDWR)) }
        }
    }

    private func pump(port: Int, head: [UInt8]) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return continuation.finish() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        var written = 0
        while connected && written < head.count {
            let count = head.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + written, $0.count - written, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { break }
            written += count
        }
        let open = descriptor.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.fd = fd
            return true
        }
        guard connected && written == head.count && open else {
            descriptor.withLock { state in
                state.fd = -1
                close(fd)
            }
            return continuation.finish()
        }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            continuation.yield(Array(buffer[0..<count]))
        }
        descriptor.withLock { state in
            state.fd = -1
            close(fd)
        }
        continuation.finish()
    }
}
