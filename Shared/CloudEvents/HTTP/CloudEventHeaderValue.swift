/// Header values of the HTTP binding's binary mode: percent-encoding on the way out, a tolerant decode on the way in.
package enum CloudEventHeaderValue {
    /// Percent-encodes space, `"`, `%` and every byte outside printable ASCII (U+0021–U+007E), upper-case hex.
    ///
    /// `Euro € 😀` becomes `Euro%20%E2%82%AC%20%F0%9F%98%80`; nothing else is encoded.
    package static func encode(_ value: String) -> String {
        let needsEncoding = { (byte: UInt8) in
            byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "%")
        }
        guard value.utf8.contains(where: needsEncoding) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            if needsEncoding(byte) {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a received value: undoes a quoted-string (only when the whole value is wrapped in `"`), then
    /// percent-decodes once (either hex case).
    ///
    /// Tolerates what sdk-go and the conformance tool send unencoded (`{"othervalue": 5}` stays as is); a `%` not
    /// followed by two hex digits is kept literally.
    /// - Parameter value: the raw header value.
    /// - Returns: the attribute value.
    /// - Throws: `CloudEventError.invalidHeaderValue` when the decoded bytes are not valid UTF-8 (`%C0%A0`).
    package static func decode(_ value: String) throws(CloudEventError) -> String {
        var bytes = Array(value.utf8)
        if bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") {
            var unquoted: [UInt8] = []
            var index = 1
            while index < bytes.count - 1 {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count - 1 { index += 1 }
                unquoted.append(bytes[index])
                index += 1
            }
            bytes = unquoted
        }
        guard bytes.contains(UInt8(ascii: "%")) else { return try validated(bytes, value) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return try validated(out, value)
    }

    private static func validated(_ bytes: [UInt8], _ original: String) throws(CloudEventError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CloudEventError(.invalidHeaderValue, "header value \"\(original)\" is not UTF-8 once percent-decoded")
        }
        return text
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
