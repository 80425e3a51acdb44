/// Turns the bytes a client sends into messages: frames from `WebSocketFrameDecoder`, fragments joined (§5.4),
/// text checked as UTF-8 as each fragment arrives (1007), messages over `maxMessageSize` refused (1009), close
/// frames checked (a 1-byte payload or a code no peer may send → 1002, a reason that is not UTF-8 → 1007).
///
/// ```swift
/// var reader = WebSocketReader(maxMessageSize: 64 * 1024)
/// reader.append(bytes)
/// while let message = try reader.next() { … }
/// ```
package struct WebSocketReader: Sendable {
    /// The largest data message, all fragments together.
    package let maxMessageSize: Int
    private var decoder: WebSocketFrameDecoder
    private var fragments: [UInt8] = []
    private var fragmentedOpcode: WebSocketOpcode?
    private var utf8 = UTF8Validator()

    /// Creates a reader.
    package init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
        decoder = WebSocketFrameDecoder(maxFrameSize: maxMessageSize)
    }

    /// Adds received bytes.
    package mutating func append(_ bytes: [UInt8]) { decoder.append(bytes) }

    /// The next message, nil when more bytes are needed.
    /// - Throws: `WebSocketProtocolError` with the close code to answer.
    package mutating func next() throws(WebSocketProtocolError) -> WebSocketMessage? {
        while let frame = try decoder.next() {
            if let message = try receive(frame) { return message }
        }
        return nil
    }

    private mutating func receive(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketMessage? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close: return try Self.close(frame.payload)
        case .text, .binary:
            guard fragmentedOpcode == nil else {
                throw WebSocketProtocolError(.protocolError, "new message before the fragmented one ended")
            }
            if frame.fin { return try Self.whole(frame) }
            fragmentedOpcode = frame.opcode
            utf8 = UTF8Validator()
            fragments = []
            return try append(frame)
        case .continuation:
            guard fragmentedOpcode != nil else {
                throw WebSocketProtocolError(.protocolError, "continuation frame without a message to continue")
            }
            return try append(frame)
        }
    }

    private mutating func append(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketMessage? {
        guard fragments.count + frame.payload.count <= maxMessageSize else {
            throw WebSocketProtocolError(.messageTooBig, "message over the limit of \(maxMessageSize) bytes")
        }
        if fragmentedOpcode == .text {
            guard utf8.validate(frame.payload) else { throw WebSocketProtocolError(.invalidPayload, "text is not UTF-8") }
        }
        fragments += frame.payload
        guard frame.fin else { return nil }
        defer {
            fragmentedOpcode = nil
            fragments = []
        }
        if fragmentedOpcode == .text {
            guard utf8.isComplete else { throw WebSocketProtocolError(.invalidPayload, "text ends inside a character") }
            return .text(fragments)
        }
        return .binary(fragments)
    }

    private static func whole(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketMessage {
        guard frame.opcode == .text else { return .binary(frame.payload) }
        guard UTF8Validator.isValid(frame.payload) else {
            throw WebSocketProtocolError(.invalidPayload, "text is not UTF-8")
        }
        return .text(frame.payload)
    }

    private static func close(_ payload: [UInt8]) throws(WebSocketProtocolError) -> WebSocketMessage {
        guard !payload.isEmpty else { return .close(nil, "") }
        guard payload.count >= 2 else { throw WebSocketProtocolError(.protocolError, "close payload of one byte") }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isValidOnWire else { throw WebSocketProtocolError(.protocolError, "close code \(code) not allowed") }
        let reason = payload[2...]
        guard UTF8Validator.isValid(reason) else { throw WebSocketProtocolError(.invalidPayload, "close reason is not UTF-8") }
        return .close(code, String(decoding: reason, as: UTF8.self))
    }
}
