/// A single-pass reader over UTF-8 JSON bytes that never recurses.
///
/// It reads what the CloudEvents envelope needs (strings, integers, booleans, `null`) and skips any other value
/// while checking it is well formed, so `data` can be kept as the raw byte range of its JSON text. Strings are
/// checked for valid UTF-8 as they are scanned; nesting deeper than `maxDepth` is an error, not a stack overflow.
struct JSONScanner {
    /// The deepest nesting of objects and arrays accepted inside a skipped value.
    static let maxDepth = 128

    /// A scanned string: the bytes between the quotes, whether any backslash escape occurs in them, and whether
    /// it is plain printable ASCII (no escape, no byte of U+007F or above), which needs no further checks.
    struct StringToken {
        var range: Range<Int>
        var escaped: Bool
        var plain: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether `bytes` are exactly one well-formed JSON value (surrounding whitespace allowed).
    static func isWellFormedValue(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            do {
                try scanner.skipValue()
                scanner.skipWhitespace()
                return scanner.index == buffer.count
            } catch {
                return false
            }
        }
    }

    var isAtEnd: Bool { index >= bytes.count }

    func error(_ message: String) -> CloudEventError {
        CloudEventError(.invalidJSON, "invalid JSON at byte \(index): \(message)")
    }

    @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The byte at the cursor, or nil at the end.
    @inline(__always) func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Consumes `byte` (after whitespace) or throws.
    @inline(__always) mutating func expect(_ byte: UInt8) throws(CloudEventError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw error(index < bytes.count ? "expected '\(Character(Unicode.Scalar(byte)))'" : "unexpected end")
        }
        index += 1
    }

    /// Scans a string whose opening quote is at the cursor, validating escapes and UTF-8.
    mutating func scanString() throws(CloudEventError) -> StringToken {
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
                index += 1
            } else {
                nonASCII = true
                if byte == 0x7F { index += 1 } else { try scanMultibyte(byte) }
            }
        }
        throw error("unterminated string")
    }

    /// Skips eight bytes at a time while none is a quote, a backslash, a control character, DEL or non-ASCII.
    @inline(__always) private mutating func skipPlainBytes() {
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
            if special != 0 { return }
            index += 8
        }
    }

    private mutating func scanEscape() throws(CloudEventError) {
        guard index + 1 < bytes.count else { throw error("unterminated escape") }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            guard index + 5 < bytes.count, bytes[index + 2].isHexDigit, bytes[index + 3].isHexDigit,
                bytes[index + 4].isHexDigit, bytes[index + 5].isHexDigit
            else { throw error("bad \\u escape") }
            index += 6
        default:
            throw error("bad escape")
        }
    }

    /// Validates one multi-byte UTF-8 sequence (no overlongs, no surrogates, nothing above U+10FFFF).
    private mutating func scanMultibyte(_ lead: UInt8) throws(CloudEventError) {
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

    /// The text of a scanned string, unescaped; an unpaired surrogate escape is an error.
    func makeString(_ token: StringToken) throws(CloudEventError) -> String {
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
                    guard position + 5 < raw.count, raw[position] == UInt8(ascii: "\\"),
                        raw[position + 1] == UInt8(ascii: "u")
                    else { throw error("unpaired surrogate in a string") }
                    let trail = Self.hex4(raw, position + 2)
                    guard trail >= 0xDC00, trail <= 0xDFFF else { throw error("unpaired surrogate in a string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (trail - 0xDC00)
                    position += 6
                } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                    throw error("unpaired surrogate in a string")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("bad \\u escape") }
                out.append(contentsOf: UTF8.encode(unicode)!)
            default: out.append(kind)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a scanned string equals `key` byte for byte (only meaningful for unescaped tokens).
    @inline(__always) func token(_ token: StringToken, equals key: StaticString) -> Bool {
        guard token.range.count == key.utf8CodeUnitCount else { return false }
        return memcmpEqual(bytes.baseAddress! + token.range.lowerBound, key.utf8Start, token.range.count)
    }

    /// Consumes `literal` (`true`, `false`, `null`) at the cursor.
    mutating func scanLiteral(_ literal: StaticString) throws(CloudEventError) {
        let length = literal.utf8CodeUnitCount
        guard index + length <= bytes.count, memcmpEqual(bytes.baseAddress! + index, literal.utf8Start, length) else {
            throw error("unexpected token")
        }
        index += length
    }

    /// Scans a JSON number at the cursor; returns its range and whether it is a plain integer.
    mutating func scanNumber() throws(CloudEventError) -> (range: Range<Int>, isInteger: Bool) {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), first.isDigit else { throw error("bad number") }
        index += 1
        if first != UInt8(ascii: "0") { while let next = peek(), next.isDigit { index += 1 } }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let digit = peek(), digit.isDigit else { throw error("bad number") }
            while let next = peek(), next.isDigit { index += 1 }
        }
        if let mark = peek(), mark | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek(), digit.isDigit else { throw error("bad number") }
            while let next = peek(), next.isDigit { index += 1 }
        }
        return (start..<index, isInteger)
    }

    /// Parses a scanned integer as Int32, or nil when it is out of range.
    func int32(_ range: Range<Int>) -> Int32? {
        var position = range.lowerBound
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var value: Int64 = 0
        while position < range.upperBound {
            value = value * 10 + Int64(bytes[position] - 48)
            if value > 2_147_483_648 { return nil }
            position += 1
        }
        return Int32(exactly: negative ? -value : value)
    }

    /// Skips one JSON value of any kind, checking it is well formed, without recursion.
    mutating func skipValue() throws(CloudEventError) {
        var depth = 0
        var objectBits = DepthBits()
        outer: while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
                objectBits[depth] = isObject
                depth += 1
                index += 1
                skipWhitespace()
                if peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    depth -= 1
                } else {
                    if isObject { try scanKey() }
                    continue outer
                }
            case UInt8(ascii: "\""): _ = try scanString()
            case UInt8(ascii: "t"): try scanLiteral("true")
            case UInt8(ascii: "f"): try scanLiteral("false")
            case UInt8(ascii: "n"): try scanLiteral("null")
            default: _ = try scanNumber()
            }
            while depth > 0 {
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end") }
                let byte = bytes[index]
                let inObject = objectBits[depth - 1]
                index += 1
                if byte == UInt8(ascii: ",") {
                    if inObject { try scanKey() }
                    continue outer
                }
                guard byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    index -= 1
                    throw error("expected ',' or a closing bracket")
                }
                depth -= 1
            }
            return
        }
    }

    /// Scans `"key" :` inside an object.
    private mutating func scanKey() throws(CloudEventError) {
        skipWhitespace()
        _ = try scanString()
        try expect(UInt8(ascii: ":"))
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = raw[at + offset]
            let digit = byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

/// One bit per nesting level: whether that level is an object (else an array).
private struct DepthBits {
    private var words: (UInt64, UInt64) = (0, 0)
    subscript(level: Int) -> Bool {
        get { (level < 64 ? words.0 >> level : words.1 >> (level - 64)) & 1 == 1 }
        set {
            let bit: UInt64 = 1 << UInt64(level & 63)
            if level < 64 {
                words.0 = newValue ? words.0 | bit : words.0 & ~bit
            } else {
                words.1 = newValue ? words.1 | bit : words.1 & ~bit
            }
        }
    }
}

@inline(__always) private func memcmpEqual(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int)
    -> Bool
{
    for offset in 0..<count where lhs[offset] != rhs[offset] { return false }
    return true
}

extension UInt8 {
    @inline(__always) var isDigit: Bool { self >= 0x30 && self <= 0x39 }
}
