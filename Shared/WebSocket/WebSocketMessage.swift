/// What a peer said, once frames are put together: a whole data message or one control frame.
package enum WebSocketMessage: Sendable, Equatable {
    /// A text message, validated as UTF-8.
    case text([UInt8])
    /// A binary message.
    case binary([UInt8])
    /// A ping with its application data (answer with a pong carrying the same data).
    case ping([UInt8])
    /// A pong.
    case pong([UInt8])
    /// A close: the peer's code (nil when the frame had none) and reason.
    case close(WebSocketCloseCode?, String)
}
