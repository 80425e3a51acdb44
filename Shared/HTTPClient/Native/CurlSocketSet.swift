import Glibc

/// The sockets libcurl asked to watch (through its socket callback), a wake-up pipe, and libcurl's timer: what
/// one `poll(2)` of the loop thread waits for.
///
/// Only `wakeup()` is called from other threads (a `write(2)` on a descriptor fixed at creation); everything else
/// runs on the loop thread. Not `Sendable` for that reason: `CurlMultiHandle` owns it and vouches for `wakeup()`.
final class CurlSocketSet {
    /// One descriptor that became ready.
    struct Event {
        var socket: Int32
        var readable: Bool
        var writable: Bool
        var failed: Bool
    }

    /// Entry 0 is the wake-up pipe's read end; the others are libcurl's sockets.
    private var descriptors: [pollfd]
    private var indices: [Int32: Int] = [:]
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// When libcurl wants `CURL_SOCKET_TIMEOUT` handled, in monotonic nanoseconds; nil for never.
    private var deadline: Int64?

    /// Creates the set with its wake-up pipe (a socket pair: created non-blocking and close-on-exec at once, so
    /// no child process spawned meanwhile inherits it).
    /// The corresponding C function is `socketpair`.
    /// - Throws: `HTTPClientError` with code `transport` when out of descriptors.
    init() throws(HTTPClientError) {
        var ends: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &ends) == 0 else {
            throw HTTPClientError(code: .transport, message: "socketpair failed (errno \(errno))")
        }
        wakeRead = ends[0]
        wakeWrite = ends[1]
        descriptors = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Watches `socket` for reading and/or writing, or stops watching it when both are false.
    func watch(_ socket: Int32, read: Bool, write: Bool) {
        let events = Int16((read ? POLLIN : 0) | (write ? POLLOUT : 0))
        if let index = indices[socket] {
            if events == 0 {
                remove(at: index)
            } else {
                descriptors[index].events = events
            }
        } else if events != 0 {
            indices[socket] = descriptors.count
            descriptors.append(pollfd(fd: socket, events: events, revents: 0))
        }
    }

    /// Records libcurl's timer: due in `milliseconds` (0: at once), or none when negative.
    func setTimer(_ milliseconds: Int) {
        deadline = milliseconds < 0 ? nil : Self.now() + Int64(milliseconds) * 1_000_000
    }

    /// Whether libcurl's timer is due now (and clears it: libcurl sets a new one when it needs one).
    func takeDueTimer() -> Bool {
        guard let deadline, deadline <= Self.now() else { return false }
        self.deadline = nil
        return true
    }

    /// Waits up to `timeoutMilliseconds` (less if libcurl's timer is due sooner) for a watched socket or a
    /// wake-up. The corresponding C function is `poll`.
    /// - Returns: the ready sockets (a wake-up is consumed, not returned).
    func wait(timeoutMilliseconds: Int32) -> [Event] {
        var timeout = timeoutMilliseconds
        if let deadline {
            let remaining = (max(0, deadline - Self.now()) + 999_999) / 1_000_000  // rounded up: never wake early
            timeout = Int32(clamping: min(Int64(timeout), remaining))
        }
        let count = poll(&descriptors, nfds_t(descriptors.count), timeout)
        guard count > 0 else { return [] }
        var events: [Event] = []
        for entry in descriptors where entry.revents != 0 {
            if entry.fd == wakeRead {
                drainWakeups()
                continue
            }
            let revents = Int32(entry.revents)
            events.append(
                Event(
                    socket: entry.fd, readable: revents & (POLLIN | POLLHUP | POLLERR) != 0,
                    writable: revents & POLLOUT != 0, failed: revents & (POLLERR | POLLNVAL) != 0))
        }
        return events
    }

    /// Makes a current or the next `wait` return at once; callable from any thread.
    func wakeup() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // a full pipe already guarantees a wake-up
    }

    private func drainWakeups() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { read(wakeRead, $0.baseAddress, $0.count) }) > 0 {}
    }

    private func remove(at index: Int) {
        indices[descriptors[index].fd] = nil
        let last = descriptors.removeLast()
        if index < descriptors.count {
            descriptors[index] = last
            indices[last.fd] = index
        }
    }

    private static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}

@available(*, unavailable) extension CurlSocketSet: Sendable {}
