internal import CLinux
import Glibc

/// A non-blocking eventfd used to wake a loop or a waiting thread.
/// The corresponding C functions are `eventfd`, `eventfd_write` and `eventfd_read`.
final class EventFD: @unchecked Sendable {
    // Sendable: the descriptor is immutable and eventfd reads and writes are thread-safe syscalls.
    let fd: Int32

    init(blocking: Bool = false) throws(HTTPServerError) {
        fd = eventfd(0, Int32(EFD_CLOEXEC) | (blocking ? 0 : Int32(EFD_NONBLOCK)))
        guard fd >= 0 else { throw HTTPServerError(.systemFailure, "eventfd: \(Socket.errnoText())") }
    }

    deinit { Glibc.close(fd) }

    /// Adds one to the counter, waking any reader.
    func signal() { _ = eventfd_write(fd, 1) }

    /// Resets the counter; returns its value (0 when nothing was pending on a non-blocking fd).
    @discardableResult
    func drain() -> UInt64 {
        var value: eventfd_t = 0
        return eventfd_read(fd, &value) == 0 ? value : 0
    }
}
