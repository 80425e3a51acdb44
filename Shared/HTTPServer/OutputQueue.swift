/// The bytes a connection still has to send, as whole chunks, sent with one `send` or a two-part `sendmsg`.
struct OutputQueue {
    /// The result of a flush.
    enum FlushResult {
        case done
        case wouldBlock
        case failed
    }

    private var chunks: [[UInt8]] = []
    private var offset = 0
    /// Bytes not yet sent.
    private(set) var pendingBytes = 0

    var isEmpty: Bool { pendingBytes == 0 }

    /// Queues `bytes` after what is pending.
    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        pendingBytes += bytes.count
    }

    /// Sends `bytes` after what is pending: straight from `bytes` when nothing is (no copy, one `send`), keeping
    /// whatever the socket did not take.
    mutating func write(_ bytes: [UInt8], to fd: Int32) -> FlushResult {
        guard pendingBytes == 0, !bytes.isEmpty else {
            append(bytes)
            return flush(to: fd)
        }
        switch bytes.withUnsafeBytes({ Socket.send(fd, $0) }) {
        case .bytes(let count) where count == bytes.count:
            return .done
        case .bytes(let count):
            // A short send: the socket buffer is full, and epoll reports when it has room again.
            chunks.append(bytes)
            offset = count
            pendingBytes = bytes.count - count
            return .wouldBlock
        case .wouldBlock:
            append(bytes)
            return .wouldBlock
        case .closed, .failed:
            return .failed
        }
    }

    /// Sends as much as the socket takes.
    mutating func flush(to fd: Int32) -> FlushResult {
        while pendingBytes > 0 {
            let result: Socket.IOResult
            if chunks.count >= 2 {
                result = chunks[0].withUnsafeBytes { first in
                    chunks[1].withUnsafeBytes { second in
                        Socket.send(fd, UnsafeRawBufferPointer(rebasing: first[offset...]), second)
                    }
                }
            } else {
                result = chunks[0].withUnsafeBytes { Socket.send(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            }
            switch result {
            case .bytes(let count): consume(count)
            case .wouldBlock: return .wouldBlock
            case .closed, .failed: return .failed
            }
        }
        return .done
    }

    /// Drops everything pending.
    mutating func removeAll() {
        chunks.removeAll()
        offset = 0
        pendingBytes = 0
    }

    private mutating func consume(_ count: Int) {
        pendingBytes -= count
        var remaining = count
        while remaining > 0, let first = chunks.first {
            let left = first.count - offset
            if remaining >= left {
                remaining -= left
                chunks.removeFirst()
                offset = 0
            } else {
                offset += remaining
                remaining = 0
            }
        }
    }
}
