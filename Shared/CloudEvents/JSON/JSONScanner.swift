import HTTPTypes

/// A single-pass reader over UTF-8 JSON bytes that never recurses.
///
/// It reads what the CloudEvents envelope needs (strings, integers, booleans, `null`) and skips any other value
/// while checking it is well formed, so `data` can be kept as the raw byte range of its JSON text. Strings are
/// checked for valid UTF-8 as they are scanned; nesting deeper than `maxDepth` is an error, not a stack overflow.
struct JSONScanner {
    /// The deepest nesting of objects and arrays accepted inside a skipped value: the shared limit, which the
    /// runtime's publish API enforces too (``DepthBits`` holds 128 levels).
    static let maxDepth = JSONNesting.maximumDepth

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

    /// Steps over the object or array at the cursor by counting brackets outside strings, without checking what is
    /// between them or how deep it goes: the way past a value ``skipValue()`` refused, so that what follows can be
    /// read. False (cursor unchanged) when the cursor is not on `{` or `[`, or the input ends first.
    mutating func skipBrackets() -> Bool {
        guard let first = peek(), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return false }
        var position = index
        var depth = 0
        var inString = false
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if inString {
                if byte == UInt8(ascii: "\\") {
                    position += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    index = position
                    return true
                }
            default: break
            }
        }
        return false
    }

    /// Scans `"key" :` inside an object.
    private mutating func scanKey() throws(CloudEventError) {
        skipWhitespace()
        _ = try scanString()
        try expect(UInt8(ascii: ":"))
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
