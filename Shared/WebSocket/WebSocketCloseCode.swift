/// Close status codes (RFC 6455 §7.4) the gateway sends, and the rule for codes a peer may send.
package struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code on the wire.
    package let rawValue: UInt16

    /// Wraps a code.
    package init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1000: the purpose of the connection is fulfilled.
    package static let normal = WebSocketCloseCode(rawValue: 1000)
    /// 1001: the server is shutting down.
    package static let goingAway = WebSocketCloseCode(rawValue: 1001)
    /// 1002: the peer broke the framing rules.
    package static let protocolError = WebSocketCloseCode(rawValue: 1002)
    /// 1003: a data type the endpoint does not accept.
    package static let unsupportedData = WebSocketCloseCode(rawValue: 1003)
    /// 1007: a text message that is not UTF-8.
    package static let invalidPayload = WebSocketCloseCode(rawValue: 1007)
    /// 1008: a policy was broken (the token expired).
    package static let policyViolation = WebSocketCloseCode(rawValue: 1008)
    /// 1009: a message over the size limit.
    package static let messageTooBig = WebSocketCloseCode(rawValue: 1009)
    /// 1011: the server failed.
    package static let internalError = WebSocketCloseCode(rawValue: 1011)
    /// 1013: try again later (a slow consumer: reconnect with `since=`).
    package static let tryAgainLater = WebSocketCloseCode(rawValue: 1013)

    /// Whether a peer may put this code in a close frame: 1000–1003, 1007–1014 and 3000–4999 (§7.4.1, IANA
    /// registry); 1004–1006 and 1015 are reserved for reporting and must never be sent.
    package var isValidOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    /// The code as a number.
    package var description: String { String(rawValue) }
}
