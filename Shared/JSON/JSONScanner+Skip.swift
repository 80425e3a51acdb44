extension JSONScanner {
    /// Skips one JSON value of any kind, checking it is well formed, without recursion.
    @inlinable package mutating func skipValue() throws(Failure) {
        var depth = 0
        var objectBits = JSONDepthBits()
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
    @inlinable package mutating func skipBrackets() -> Bool {
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
}

/// One bit per nesting level: whether that level is an object (else an array).
@usableFromInline struct JSONDepthBits {
    @usableFromInline var words: (UInt64, UInt64) = (0, 0)

    @inlinable init() {}

    @inlinable subscript(level: Int) -> Bool {
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
