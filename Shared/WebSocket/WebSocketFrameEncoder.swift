/// Writes frames (RFC 6455 §5.2). Server frames are unmasked; `masked(…)` is for clients (tests, benchmarks).
///
/// ```swift
/// let frame = WebSocketFrameEncoder.encode(.text, payload: Array(#"{"type":"hello"}"#.utf8))
/// for connection in recipients { connection.send(frame) }   // encoded once, written to every recipient
/// ```
package enum WebSocketFrameEncoder {
    /// An unmasked frame.
    package static func encode(_ opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        var bytes = header(opcode, length: payload.count, fin: fin, masked: false)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// A masked frame, as a client sends it.
    package static func masked(
        _ opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true, key: (UInt8, UInt8, UInt8, UInt8) = (1, 2, 3, 4)
    ) -> [UInt8] {
        var bytes = header(opcode, length: payload.count, fin: fin, masked: true)
        let mask = [key.0, key.1, key.2, key.3]
        bytes.append(contentsOf: mask)
        bytes.reserveCapacity(bytes.count + payload.count)
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ mask[index & 3]) }
        return bytes
    }

    /// A close frame with `code` and a reason (cut so the payload stays within 125 bytes, on a UTF-8 boundary).
    package static func close(_ code: WebSocketCloseCode, reason: String = "") -> [UInt8] {
        var payload = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
        var text = Array(reason.utf8)
        if text.count > 123 {
            var end = 123
            while end > 0 && text[end] & 0xC0 == 0x80 { end -= 1 }
            text = Array(text[..<end])
        }
        payload += text
        return encode(.close, payload: payload)
    }

    /// The frame header: FIN/opcode byte, mask bit and length (7, 7+16 or 7+64 bits, the shortest that fits).
    private static func header(_ opcode: WebSocketOpcode, length: Int, fin: Bool, masked: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(14 + length)
        bytes.append((fin ? 0x80 : 0) | opcode.rawValue)
        let maskBit: UInt8 = masked ? 0x80 : 0
        if length < 126 {
            bytes.append(maskBit | UInt8(length))
        } else if length <= 0xFFFF {
            bytes.append(maskBit | 126)
            bytes.append(UInt8(length >> 8))
            bytes.append(UInt8(length & 0xFF))
        } else {
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> shift)) }
        }
        return bytes
    }
}
