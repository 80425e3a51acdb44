internal import CLinux
import Glibc

/// Thin wrappers over the socket calls the loops use; every function returns -errno style results or throws.
enum Socket {
    /// The result of a non-blocking read or write.
    enum IOResult {
        case bytes(Int)
        case wouldBlock
        case closed
        case failed(Int32)
    }

    /// Creates, configures, binds and listens on a non-blocking TCP socket.
    /// The corresponding C functions are `socket`, `setsockopt`, `bind` and `listen`.
    static func listen(host: String, port: Int, backlog: Int32 = 4096) throws(HTTPServerError) -> Int32 {
        var storage = sockaddr_storage()
        let length = try resolve(host: host, port: port, into: &storage)
        let family = Int32(storage.ss_family)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError(.bindFailed, "socket() failed: \(errnoText())") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, Glibc.listen(fd, backlog) == 0 else {
            let text = errnoText()
            Glibc.close(fd)
            throw HTTPServerError(.bindFailed, "cannot listen on \(host):\(port): \(text)")
        }
        return fd
    }

    /// The port a bound socket listens on. The corresponding C function is `getsockname`.
    static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        if Int32(storage.ss_family) == AF_INET6 {
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    private static func resolve(host: String, port: Int, into storage: inout sockaddr_storage) throws(HTTPServerError)
        -> socklen_t
    {
        let name = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
            withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee = v4 } }
            return socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        v6.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        if inet_pton(AF_INET6, name, &v6.sin6_addr) == 1 {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee = v6 }
            }
            return socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        throw HTTPServerError(.bindFailed, "not a numeric IP address: \(host)")
    }

    /// What `accept` found.
    enum AcceptResult {
        /// A connection and its peer's address (nil for a family other than IPv4/IPv6).
        case accepted(Int32, ClientAddress?)
        /// Nothing pending (or the client already went away).
        case none
        /// Out of descriptors or kernel memory: retry later rather than at once.
        case exhausted
    }

    /// Accepts one connection as non-blocking with TCP_NODELAY. The corresponding C function is `accept4`.
    static func accept(_ listener: Int32) -> AcceptResult {
        var peer = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        guard fd >= 0 else {
            let code = errno
            return code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM ? .exhausted : .none
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .accepted(fd, ClientAddress(peer))
    }

    /// Reads into `buffer`. The corresponding C function is `read`.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
        if count > 0 { return .bytes(count) }
        if count == 0 { return .closed }
        return failure()
    }

    /// Sends bytes without raising SIGPIPE. The corresponding C function is `send`.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if count >= 0 { return .bytes(count) }
        return failure()
    }

    /// Sends two buffers in one call without raising SIGPIPE. The corresponding C function is `sendmsg`.
    static func send(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> IOResult {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
        )
        let count = withUnsafeMutableBytes(of: &vectors) { raw -> Int in
            var message = msghdr()
            message.msg_iov = raw.baseAddress?.assumingMemoryBound(to: iovec.self)
            message.msg_iovlen = 2
            return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
        }
        if count >= 0 { return .bytes(count) }
        return failure()
    }

    /// Half-closes the sending side. The corresponding C function is `shutdown`.
    static func shutdownWrite(_ fd: Int32) { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Closes a descriptor. The corresponding C function is `close`.
    static func close(_ fd: Int32) { Glibc.close(fd) }

    private static func failure() -> IOResult {
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .wouldBlock }
        return .failed(code)
    }

    /// `strerror(errno)` as a String.
    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
