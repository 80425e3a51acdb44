import HTTPTypes

/// A connection handed to an `HTTPUpgrader`: raw bytes in and out, owned by the server's event loop.
/// One reader at a time; writes wait while the output buffer is over the server's threshold.
package final class UpgradedConnection: @unchecked Sendable {
    // @unchecked Sendable: all mutable state is touched only on the owning loop's thread (`onLoop`).
    private let connection: Connection
    let loop: EventLoop
    private var inbound: [UInt8] = []
    private var ended = false
    private var closed = false
    private var reader: CheckedContinuation<[UInt8]?, Never>?
    private var writers: [CheckedContinuation<Void, any Error>] = []
    private var goodbye: [UInt8]?

    init(connection: Connection) {
        self.connection = connection
        self.loop = connection.loop
    }

    /// Whether the loop should keep reading from the socket (backpressure on a slow reader).
    var wantsInput: Bool { inbound.count < loop.context.configuration.maxPendingOutputBytes }

    /// The next bytes received, or nil once the peer closed or the connection was closed.
    package func read() async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            onLoop {
                if !self.inbound.isEmpty {
                    let bytes = self.inbound
                    self.inbound = []
                    continuation.resume(returning: bytes)
                    self.connection.readMoreIfWanted()
                } else if self.ended || self.closed || self.reader != nil {
                    continuation.resume(returning: nil)
                } else {
                    self.reader = continuation
                }
            }
        }
    }

    /// Sends `bytes`; returns once they are sent or buffered under the threshold.
    /// - Throws: `HTTPServerError` with code `.connectionClosed` when the connection is gone.
    package func write(_ bytes: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            onLoop {
                guard !self.closed else {
                    continuation.resume(throwing: HTTPServerError(.connectionClosed, "connection closed"))
                    return
                }
                let pending = self.connection.write(bytes)
                if self.closed {
                    continuation.resume(throwing: HTTPServerError(.connectionClosed, "connection closed"))
                } else if pending < self.loop.context.configuration.maxPendingOutputBytes {
                    continuation.resume()
                } else {
                    self.writers.append(continuation)
                }
            }
        }
    }

    /// Queues `bytes` without waiting, for a fan-out that must never wait on one slow peer. When more than
    /// `limit` bytes are already waiting to be sent, the peer is too slow: `overflow` (a close frame) is queued
    /// instead of `bytes`, and the connection closes once it is sent (or after the linger time). On the connection's
    /// own thread (inside `perform`) the bytes go to the socket at once.
    package func send(_ bytes: [UInt8], limit: Int, overflow: [UInt8]) {
        if loop.inLoop {
            queue(bytes, limit: limit, overflow: overflow)
        } else {
            loop.execute { self.queue(bytes, limit: limit, overflow: overflow) }
        }
    }

    /// Runs `body` on the thread that owns this connection (and every connection that `sharesThread` with it): now
    /// when called there, else after the work already handed to that thread. A fan-out hands each thread the sends
    /// for its own connections, so the threads write in parallel, one hop each.
    package func perform(_ body: @escaping @Sendable () -> Void) {
        if loop.inLoop { body() } else { loop.execute(body) }
    }

    /// Whether the caller runs on the thread that owns this connection.
    package var isOnOwningThread: Bool { loop.inLoop }

    /// Whether `other` is owned by the same thread as this connection.
    package func sharesThread(with other: UpgradedConnection) -> Bool { loop === other.loop }

    /// Loop thread only.
    private func queue(_ bytes: [UInt8], limit: Int, overflow: [UInt8]) {
        guard !closed, !connection.isFinishing else { return }
        if connection.output.pendingBytes > limit {
            connection.finish(with: overflow)
        } else {
            _ = connection.write(bytes)
        }
    }

    /// Sends `bytes` (a close frame) as the last output, then closes (after the linger time at the latest).
    package func finish(with bytes: [UInt8]) {
        onLoop {
            guard !self.closed else { return }
            self.connection.finish(with: bytes)
        }
    }

    /// Sets the last bytes to send when the server shuts down (a WebSocket close 1001): then the connection closes
    /// once they are sent, instead of at the end of the grace period.
    package func onShutdown(send bytes: [UInt8]) {
        onLoop { self.goodbye = bytes }
    }

    /// The server began shutting down. Loop thread only.
    func shutdownRequested() {
        if let goodbye { connection.finish(with: goodbye) }
    }

    /// Closes the connection; a pending read returns nil and pending writes throw. A connection finishing
    /// (`finish(with:)`) closes once its last bytes are sent instead.
    package func close() {
        onLoop {
            guard !self.connection.isFinishing else { return }
            self.connection.close()
        }
    }

    private func onLoop(_ body: @escaping @Sendable () -> Void) {
        if loop.inLoop { body() } else { loop.execute(body) }
    }

    /// Bytes from the socket (nil: end of input). Loop thread only.
    func received(_ bytes: UnsafeRawBufferPointer?) {
        guard let bytes else {
            ended = true
            reader?.resume(returning: nil)
            reader = nil
            return
        }
        if let reader {
            self.reader = nil
            reader.resume(returning: Array(bytes))
        } else {
            inbound.append(contentsOf: bytes)
        }
    }

    /// Leftover bytes that followed the upgrade request. Loop thread only.
    func prepend(_ bytes: [UInt8]) {
        inbound = bytes + inbound
    }

    /// The output buffer shrank. Loop thread only.
    func outputDrained(pendingBytes: Int) {
        guard pendingBytes < loop.context.configuration.maxPendingOutputBytes else { return }
        let waiting = writers
        writers = []
        for writer in waiting { writer.resume() }
    }

    /// The socket closed. Loop thread only.
    func connectionClosed() {
        closed = true
        reader?.resume(returning: nil)
        reader = nil
        let waiting = writers
        writers = []
        for writer in waiting { writer.resume(throwing: HTTPServerError(.connectionClosed, "connection closed")) }
    }
}
