internal import CLinux
import Glibc

/// Owns one epoll instance and its event array. Confined to its loop thread.
/// The corresponding C functions are `epoll_create1`, `epoll_ctl` and `epoll_wait`.
final class EpollSelector {
    /// Readiness flags of one event, as plain bits.
    struct Flags: OptionSet {
        let rawValue: UInt32
        static let readable = Flags(rawValue: EPOLLIN.rawValue)
        static let writable = Flags(rawValue: EPOLLOUT.rawValue)
        static let readHangup = Flags(rawValue: EPOLLRDHUP.rawValue)
        static let hangup = Flags(rawValue: EPOLLHUP.rawValue)
        static let error = Flags(rawValue: EPOLLERR.rawValue)
        static let edgeTriggered = Flags(rawValue: EPOLLET.rawValue)
        /// Wake only one of the loops waiting on a shared descriptor (the listener).
        static let exclusive = Flags(rawValue: EPOLLEXCLUSIVE.rawValue)
    }

    private let fd: Int32
    private let events: UnsafeMutablePointer<epoll_event>
    private let capacity: Int32 = 512

    init() throws(HTTPServerError) {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw HTTPServerError(.systemFailure, "epoll_create1: \(Socket.errnoText())") }
        events = .allocate(capacity: Int(capacity))
    }

    deinit {
        events.deallocate()
        Glibc.close(fd)
    }

    /// Registers `descriptor` for `flags`.
    @discardableResult
    func add(_ descriptor: Int32, _ flags: Flags) -> Bool {
        var event = epoll_event()
        event.events = flags.rawValue
        event.data.fd = descriptor
        return epoll_ctl(fd, EPOLL_CTL_ADD, descriptor, &event) == 0
    }

    /// Removes `descriptor` (closing a descriptor removes it too; this is for ones that stay open).
    func remove(_ descriptor: Int32) {
        var event = epoll_event()
        epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, &event)
    }

    /// Waits up to `timeout` milliseconds (-1: forever) and calls `body` per ready descriptor.
    func wait(timeout: Int32, _ body: (Int32, Flags) -> Void) {
        let count = epoll_wait(fd, events, capacity, timeout)
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let event = events[index]
            body(event.data.fd, Flags(rawValue: event.events))
        }
    }
}
