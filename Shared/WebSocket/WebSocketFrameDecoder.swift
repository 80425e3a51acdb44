/// Cuts client frames out of a byte stream (RFC 6455 §5.2) and enforces the framing rules: the client must mask
/// (§5.1), RSV bits must be 0 without an extension, reserved opcodes are refused, control frames carry at most 125
/// bytes and are never fragmented (§5.5), and a frame longer than `maxFrameSize` is refused as soon as its header
/// says so, before its payload arrives.
///
/// ```swift
/// var decoder = WebSocketFrameDecoder(maxFrameSize: 64 * 1024)
/// decoder.append(bytes)
/// while let frame = try decoder.next() { … }
/// ```
package struct WebSocketFrameDecoder: Sendable {
    /// The largest payload one frame may declare (1009 above it).
    package let maxFrameSize: Int
    private var buffer: [UInt8] = []
    private var start = 0

    /// Creates a decoder.
    package init(maxFrameSize: Int) {
        self.maxFrameSize = maxFrameSize
    }

    /// Bytes received but not yet part of a returned frame.
    package var bufferedBytes: Int { buffer.count - start }

    /// Adds received bytes.
    package mutating func append(_ bytes: [UInt8]) {
        if start == buffer.count {
            buffer = bytes
            start = 0
        } else {
            if start > 4096 && start * 2 > buffer.count {
                buffer.removeFirst(start)
                start = 0
            }
            buffer.append(contentsOf: bytes)
        }
    }

    /// The next complete frame, nil when more bytes are needed.
    /// - Throws: `WebSocketProtocolError` (1002, or 1009 for an oversized frame); the stream is then unusable.
    package mutating func next() throws(WebSocketProtocolError) -> WebSocketFrame? {
        let available = buffer.count - start
        guard available >= 2 else { return nil }
        let first = buffer[start]
        let second = buffer[start + 1]
        guard first & 0x70 == 0 else { throw WebSocketProtocolError(.protocolError, "reserved bits set") }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw WebSocketProtocolError(.protocolError, "reserved opcode \(first & 0x0F)")
        }
        let fin = first & 0x80 != 0
        guard second & 0x80 != 0 else { throw WebSocketProtocolError(.protocolError, "client frame not masked") }
        var headerLength = 6
        var length = Int(second & 0x7F)
        if opcode.isControl {
            guard fin else { throw WebSocketProtocolError(.protocolError, "fragmented control frame") }
            guard length <= 125 else { throw WebSocketProtocolError(.protocolError, "control frame over 125 bytes") }
        }
        if length == 126 {
            headerLength = 8
            guard available >= 4 else { return nil }
            length = Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
        } else if length == 127 {
            headerLength = 14
            guard available >= 10 else { return nil }
            guard buffer[start + 2] & 0x80 == 0 else {
                throw WebSocketProtocolError(.protocolError, "64-bit length with the top bit set")
            }
            var long: UInt64 = 0
            for index in 2..<10 { long = long << 8 | UInt64(buffer[start + index]) }
            guard long <= UInt64(maxFrameSize) else {
                throw WebSocketProtocolError(.messageTooBig, "frame of \(long) bytes over the limit of \(maxFrameSize)")
            }
            length = Int(long)
        }
        guard length <= maxFrameSize else {
            throw WebSocketProtocolError(.messageTooBig, "frame of \(length) bytes over the limit of \(maxFrameSize)")
        }
        guard available >= headerLength + length else { return nil }
        let maskAt = start + headerLength - 4
        let mask = (buffer[maskAt], buffer[maskAt + 1], buffer[maskAt + 2], buffer[maskAt + 3])
        let payloadAt = start + headerLength
        let payload = Self.unmask(buffer, from: payloadAt, count: length, mask: mask)
        start += headerLength + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 4096)
            start = 0
        }
        return WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }

    /// The payload XORed with the mask, eight bytes at a time.
    private static func unmask(_ buffer: [UInt8], from offset: Int, count: Int, mask: (UInt8, UInt8, UInt8, UInt8))
        -> [UInt8]
    {
        guard count > 0 else { return [] }
        let maskBytes = [mask.0, mask.1, mask.2, mask.3]
        let word = UInt32(mask.0) | UInt32(mask.1) << 8 | UInt32(mask.2) << 16 | UInt32(mask.3) << 24
        let wide = UInt64(littleEndian: UInt64(word) | UInt64(word) << 32)
        return [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            buffer.withUnsafeBytes { raw in
                let input = raw.baseAddress! + offset
                let out = UnsafeMutableRawPointer(output.baseAddress!)
                var index = 0
                while index + 8 <= count {
                    let value = input.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ wide
                    out.storeBytes(of: value, toByteOffset: index, as: UInt64.self)
                    index += 8
                }
                while index < count {
                    output[index] = input.load(fromByteOffset: index, as: UInt8.self) ^ maskBytes[index & 3]
                    index += 1
                }
            }
            initialized = count
        }
    }
}
