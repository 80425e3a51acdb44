import Glibc

/// A connected pair of Unix sockets that lets any thread interrupt the loop thread's `poll(2)`.
///
/// `Sendable`: both descriptors are fixed at creation; `wakeup()` is one `write(2)`, safe from any thread, and
/// only the loop thread reads.
final class WakeupSocketPair: Sendable {
    /// The end the loop thread polls for reading.
    let readEnd: Int32
    private let writeEnd: Int32

    /// Creates the pair, non-blocking and close-on-exec from the start (no child process spawned meanwhile
    /// inherits it).
    /// The corresponding C function is `socketpair`.
    /// - Throws: `HTTPClientError` with code `transport` when out of descriptors.
    init() throws(HTTPClientError) {
        var ends: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &ends) == 0 else {
            throw HTTPClientError(code: .transport, message: "socketpair failed (errno \(errno))")
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Makes the read end readable, so that a current or the next `poll` returns at once.
    /// The corresponding C function is `write`.
    func wakeup() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)  // a full buffer already guarantees a wake-up
    }

    /// Reads every pending wake-up byte (on the loop thread, after `poll` reported the read end readable).
    /// The corresponding C function is `read`.
    func drain() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { read(readEnd, $0.baseAddress, $0.count) }) > 0 {}
    }
}
