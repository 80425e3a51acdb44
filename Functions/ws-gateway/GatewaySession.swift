import HTTPServer
import WebSocket

/// Reads one connection's frames until it closes: pings are answered, a close is echoed, any protocol error
/// closes with its code (1002, 1007, 1009). Clients need not send anything else; data messages are ignored.
enum GatewaySession {
    /// The largest message a client may send.
    static let maxMessageSize = 64 * 1024

    static func run(_ channel: UpgradedConnection, connection: LiveConnection) async {
        var reader = WebSocketReader(maxMessageSize: maxMessageSize)
        while let bytes = await channel.read() {
            connection.receivedInput()
            reader.append(bytes)
            do {
                while let message = try reader.next() {
                    switch message {
                    case .ping(let payload):
                        channel.send(
                            WebSocketFrameEncoder.encode(.pong, payload: payload), limit: LiveConnection.maxPendingBytes,
                            overflow: WebSocketFrameEncoder.close(.tryAgainLater))
                    case .close(let code, _):
                        let echo =
                            code.map { WebSocketFrameEncoder.close($0) } ?? WebSocketFrameEncoder.encode(.close, payload: [])
                        channel.finish(with: echo)
                        return
                    case .pong, .text, .binary:
                        break
                    }
                }
            } catch {
                channel.finish(with: WebSocketFrameEncoder.close(error.code, reason: error.reason))
                return
            }
        }
    }
}
