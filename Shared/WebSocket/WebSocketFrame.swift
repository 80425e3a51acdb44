/// One frame as received (payload unmasked) or to be sent.
package struct WebSocketFrame: Sendable, Equatable {
    /// Whether this is the last frame of its message.
    package var fin: Bool
    /// The opcode.
    package var opcode: WebSocketOpcode
    /// The application data.
    package var payload: [UInt8]

    /// Creates a frame.
    package init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }
}

/// A broken rule of the protocol: the connection is closed with `code`.
package struct WebSocketProtocolError: Error, Equatable, CustomStringConvertible {
    /// The close code to send.
    package let code: WebSocketCloseCode
    /// What was wrong, for the log and the close reason.
    package let reason: String

    /// Creates an error.
    package init(_ code: WebSocketCloseCode, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `"<code>: <reason>"`.
    package var description: String { "\(code): \(reason)" }
}
