import HTTPTypes

/// Writing a connection's responses out with backpressure, and closing it.
extension Connection {
    /// Sends what is pending once epoll says the socket takes more; a full queue that drained resumes reading.
    func writable() {
        guard !output.isEmpty else { return }
        let wasFull = outputIsFull
        flush()
        if state == .upgraded {
            channel?.outputDrained(pendingBytes: output.pendingBytes)
        } else if wasFull {
            resume()
        }
    }

    func flush() {
        flushed(output.flush(to: fd))
    }

    /// Acts on the outcome of sending: closes once the last bytes are out, or when the socket failed.
    func flushed(_ result: OutputQueue.FlushResult) {
        switch result {
        case .done:
            if closeAfterFlush { finishClosing() }
        case .wouldBlock:
            break
        case .failed:
            close()
        }
    }

    /// After a final response: close, or for an error answer half-close and discard what the client still sends,
    /// so the client reads the answer instead of a reset.
    private func finishClosing() {
        guard state == .draining else {
            close()
            return
        }
        Socket.shutdownWrite(fd)
        readAvailable()
    }

    func fail(_ status: HTTPStatus, _ message: String) {
        let response = ResponseWriter.errorResponse(status, message: message, close: true)
        let (head, body) = ResponseWriter.serialize(
            response, isHead: false, keepAlive: false, http10: false, dateLine: loop.dateLine)
        output.append(head)
        if let body { output.append(body) }
        input = []
        inputStart = 0
        state = .draining
        closeAfterFlush = true
        deadline = loop.now + loop.context.lingerTimeout
        flush()
    }

    /// Closes the socket and forgets the connection; a response still in flight is dropped.
    func close() {
        guard state != .closed else { return }
        state = .closed
        deadline = 0
        output.removeAll()
        input = []
        inputStart = 0
        channel?.connectionClosed()
        loop.remove(self)
    }
}
