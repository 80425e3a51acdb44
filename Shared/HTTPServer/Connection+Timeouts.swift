import HTTPTypes

/// Deadlines: which phase a connection is in, what happens when its time is up, and shutdown.
extension Connection {
    /// Starts the head or body deadline when the parser enters that part of a request.
    func updatePhase() {
        if parser.isReadingBody {
            if phase != .body {
                phase = .body
                deadline = loop.now + loop.context.bodyTimeout
            }
        } else if parser.isMidRequest, phase != .head {
            phase = .head
            deadline = loop.now + loop.context.headTimeout
        }
    }

    /// Called by the loop's sweep once `deadline` has passed.
    func timedOut() {
        switch state {
        case .waiting where phase == .head || phase == .body:
            output.removeAll()
            fail(.requestTimeout, phase == .head ? "request head not received in time" : "request body not received in time")
            close()
        default:
            close()
        }
    }

    /// Shutdown began: idle connections close now, busy ones after their response, upgraded ones after their goodbye.
    func shutdownRequested() {
        requestKeepAlive = false
        if state == .upgraded { channel?.shutdownRequested() }
        if state == .waiting && !parser.isMidRequest && output.isEmpty { close() }
    }
}
