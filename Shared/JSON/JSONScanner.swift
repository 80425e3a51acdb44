import HTTPTypes

/// The one JSON reader: a single pass over UTF-8 bytes that never recurses.
///
/// It reads tokens (strings, numbers, literals, punctuation) and skips whole values while checking they are well
/// formed, so a caller can keep a value as the raw byte range of its JSON text (CloudEvents' `data`) or build a
/// ``JSONValue`` from the tokens. Strings are checked for valid UTF-8 as they are scanned unless ``lenient``;
/// nesting deeper than ``maxDepth`` is an error, not a stack overflow. Errors are the caller's type (`Failure`),
/// so each reader keeps its typed throws.
package struct JSONScanner<Failure: JSONScanFailure> {
    /// The deepest nesting of objects and arrays accepted: the shared limit (`JSONNesting`), which the runtime's
    /// publish API enforces too (``DepthBits`` holds 128 levels).
    package static var maxDepth: Int { JSONNesting.maximumDepth }

    /// A scanned string: the bytes between the quotes, whether any backslash escape occurs in them, and whether
    /// it is plain printable ASCII (no escape, no byte of U+007F or above), which needs no further checks.
    package struct StringToken {
        /// The bytes between the quotes.
        package var range: Range<Int>
        /// Whether a backslash escape occurs.
        package var escaped: Bool
        /// Whether it is printable ASCII with no escape.
        package var plain: Bool
    }

    /// The input.
    package let bytes: UnsafeBufferPointer<UInt8>
    /// The cursor: the offset of the next byte to read.
    package var index = 0
    /// Go's `encoding/json` reading (daprd's): invalid UTF-8 and unpaired surrogate escapes become U+FFFD instead
    /// of failing. Off by default: CloudEvents refuses both.
    package var lenient = false

    /// A scanner at the start of `bytes`.
    @inlinable package init(_ bytes: UnsafeBufferPointer<UInt8>, lenient: Bool = false) {
        self.bytes = bytes
        self.lenient = lenient
    }

    /// Whether the cursor is past the last byte.
    @inlinable package var isAtEnd: Bool { index >= bytes.count }

    /// The failure at the cursor.
    @inlinable package func error(_ message: String) -> Failure { Failure(jsonOffset: index, message: message) }

    /// Steps over JSON whitespace.
    @inlinable @inline(__always) package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The byte at the cursor, or nil at the end.
    @inlinable @inline(__always) package func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Consumes `byte` (after whitespace) or throws.
    @inlinable @inline(__always) package mutating func expect(_ byte: UInt8) throws(Failure) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw error(index < bytes.count ? "expected '\(Character(Unicode.Scalar(byte)))'" : "unexpected end")
        }
        index += 1
    }

    /// Whether a scanned string equals `key` byte for byte (only meaningful for unescaped tokens).
    @inlinable @inline(__always) package func token(_ token: StringToken, equals key: StaticString) -> Bool {
        guard token.range.count == key.utf8CodeUnitCount else { return false }
        return jsonBytesEqual(bytes.baseAddress! + token.range.lowerBound, key.utf8Start, token.range.count)
    }

    /// Consumes `literal` (`true`, `false`, `null`) at the cursor.
    @inlinable package mutating func scanLiteral(_ literal: StaticString) throws(Failure) {
        let length = literal.utf8CodeUnitCount
        guard index + length <= bytes.count, jsonBytesEqual(bytes.baseAddress! + index, literal.utf8Start, length)
        else { throw error("unexpected token") }
        index += length
    }

    /// Scans a JSON number at the cursor (RFC 8259's grammar); returns its range and whether it is a plain integer.
    @inlinable package mutating func scanNumber() throws(Failure) -> (range: Range<Int>, isInteger: Bool) {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), first.isJSONDigit else { throw error("bad number") }
        index += 1
        if first != UInt8(ascii: "0") { while let next = peek(), next.isJSONDigit { index += 1 } }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let digit = peek(), digit.isJSONDigit else { throw error("bad number") }
            while let next = peek(), next.isJSONDigit { index += 1 }
        }
        if let mark = peek(), mark | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek(), digit.isJSONDigit else { throw error("bad number") }
            while let next = peek(), next.isJSONDigit { index += 1 }
        }
        return (start..<index, isInteger)
    }

    /// Parses a scanned integer as Int32, or nil when it is out of range.
    @inlinable package func int32(_ range: Range<Int>) -> Int32? {
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

    /// Scans `"key" :` inside an object.
    @inlinable package mutating func scanKey() throws(Failure) {
        skipWhitespace()
        _ = try scanString()
        try expect(UInt8(ascii: ":"))
    }
}

extension JSONScanner {
    /// Whether `bytes` are exactly one well-formed JSON value (surrounding whitespace allowed).
    package static func isWellFormedValue(_ bytes: [UInt8]) -> Bool {
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
}

@inlinable @inline(__always) func jsonBytesEqual(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int)
    -> Bool
{
    for offset in 0..<count where lhs[offset] != rhs[offset] { return false }
    return true
}

extension UInt8 {
    /// Whether the byte is an ASCII digit.
    @inlinable @inline(__always) package var isJSONDigit: Bool { self >= 0x30 && self <= 0x39 }
    /// Whether the byte is an ASCII hexadecimal digit.
    @inlinable @inline(__always) package var isJSONHexDigit: Bool {
        (self >= 0x30 && self <= 0x39) || ((self | 0x20) >= 0x61 && (self | 0x20) <= 0x66)
    }
}
