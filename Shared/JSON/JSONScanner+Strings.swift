extension JSONScanner {
    /// Scans a string whose opening quote is at the cursor, validating escapes and (unless ``lenient``) UTF-8.
    @inlinable package mutating func scanString() throws(Failure) -> StringToken {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string") }
        index += 1
        let start = index
        var escaped = false
        var nonASCII = false
        while index < bytes.count {
            skipPlainBytes()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return StringToken(range: start..<index - 1, escaped: escaped, plain: !escaped && !nonASCII)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try scanEscape()
            } else if byte < 0x20 {
                throw error("control character in a string")
            } else if byte < 0x7F {
                index += 1  // only near the end of the buffer, where the 8-byte skip stops
            } else {
                nonASCII = true
                if byte == 0x7F || lenient { index += 1 } else { try scanMultibyte(byte) }
            }
        }
        throw error("unterminated string")
    }

    /// Skips eight bytes at a time while none is a quote, a backslash, a control character, DEL or non-ASCII.
    @inlinable @inline(__always) mutating func skipPlainBytes() {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        guard let base = bytes.baseAddress else { return }
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* 0x22)
            let backslashes = word ^ (ones &* 0x5C)
            let deletes = word ^ (ones &* 0x7F)
            let special =
                (word & highs) | ((word &- ones &* 0x20) & ~word & highs) | ((quotes &- ones) & ~quotes & highs)
                | ((backslashes &- ones) & ~backslashes & highs) | ((deletes &- ones) & ~deletes & highs)
            if special != 0 {
                // The lowest flagged byte is always a true match (borrows only carry upwards), so jump to it.
                index += special.trailingZeroBitCount >> 3
                return
            }
            index += 8
        }
    }

    @inlinable mutating func scanEscape() throws(Failure) {
        guard index + 1 < bytes.count else { throw error("unterminated escape") }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            guard index + 5 < bytes.count, bytes[index + 2].isJSONHexDigit, bytes[index + 3].isJSONHexDigit,
                bytes[index + 4].isJSONHexDigit, bytes[index + 5].isJSONHexDigit
            else { throw error("bad \\u escape") }
            index += 6
        default:
            throw error("bad escape")
        }
    }

    /// Validates one multi-byte UTF-8 sequence (no overlongs, no surrogates, nothing above U+10FFFF).
    @inlinable mutating func scanMultibyte(_ lead: UInt8) throws(Failure) {
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xED: length = 3; high = 0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; low = 0x90
        case 0xF4: length = 4; high = 0x8F
        case 0xF1...0xF3: length = 4
        default: throw error("invalid UTF-8")
        }
        guard index + length <= bytes.count else { throw error("truncated UTF-8") }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { throw error("invalid UTF-8") }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { throw error("invalid UTF-8") }
        index += length
    }

    /// The text of a scanned string, unescaped; an unpaired surrogate escape is an error (U+FFFD when ``lenient``).
    @inlinable package func makeString(_ token: StringToken) throws(Failure) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[token.range])
        guard token.escaped else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                position += 1
                continue
            }
            let kind = raw[position + 1]
            position += 2
            switch kind {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = Self.hex4(raw, position)
                position += 4
                if scalar >= 0xD800, scalar <= 0xDBFF {
                    let trail =
                        position + 5 < raw.count && raw[position] == UInt8(ascii: "\\")
                            && raw[position + 1] == UInt8(ascii: "u") ? Self.hex4(raw, position + 2) : 0
                    if trail >= 0xDC00, trail <= 0xDFFF {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (trail - 0xDC00)
                        position += 6
                    } else if lenient {
                        scalar = 0xFFFD  // Go: the lone half becomes U+FFFD, what follows is read on its own
                    } else {
                        throw error("unpaired surrogate in a string")
                    }
                } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                    guard lenient else { throw error("unpaired surrogate in a string") }
                    scalar = 0xFFFD
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("bad \\u escape") }
                out.append(contentsOf: UTF8.encode(unicode)!)
            default: out.append(kind)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inlinable static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = raw[at + offset]
            let digit = byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
