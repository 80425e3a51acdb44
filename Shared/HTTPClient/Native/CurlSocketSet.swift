import Glibc

/// The sockets libcurl asked to watch (through its socket callback), the wake-up socket, and libcurl's timer:
/// what one `poll(2)` of the loop thread waits for.
///
/// Not `Sendable`: only the loop thread uses it.
final class CurlSocketSet {
    /// One descriptor that became ready.
    struct Event {
        var socket: Int32
        var readable: Bool
        var writable: Bool
        var failed: Bool
    }

    /// Entry 0 is the wake-up socket; the others are libcurl's sockets.
    private var descriptors: [pollfd]
    private var indices: [Int32: Int] = [:]
    private let wakeup: WakeupSocketPair
    /// When libcurl wants `CURL_SOCKET_TIMEOUT` handled, in monotonic nanoseconds; nil for never.
    private var deadline: Int64?

    /// Creates an empty set that also wakes up when `wakeup` is signalled.
    init(wakeup: WakeupSocketPair) {
        self.wakeup = wakeup
        descriptors = [pollfd(fd: wakeup.readEnd, events: Int16(POLLIN), revents: 0)]
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

    /// Whether libcurl's timer is due now; clears it (the caller then sets libcurl's next expiry).
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
            if entry.fd == wakeup.readEnd {
                wakeup.drain()
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
