/// Finds the members of a JSON object and the elements of an array as byte ranges, without decoding the values,
/// so an event's JSON is copied into a frame as it was received, never re-encoded.
struct RawJSON {
    let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The members of the object that starts at `range` (keys unescaped; values as ranges).
    static func members(_ bytes: [UInt8], in range: Range<Int>? = nil) throws(LiveFormatError) -> [(String, Range<Int>)] {
        var scanner = RawJSON(bytes)
        scanner.index = range?.lowerBound ?? 0
        scanner.skipSpace()
        try scanner.expect(0x7B)
        var members: [(String, Range<Int>)] = []
        scanner.skipSpace()
        if scanner.peek() == 0x7D { return members }
        while true {
            scanner.skipSpace()
            let keyRange = try scanner.skipString()
            scanner.skipSpace()
            try scanner.expect(0x3A)
            scanner.skipSpace()
            let start = scanner.index
            try scanner.skipValue()
            members.append((try unescape(bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)]), start..<scanner.index))
            scanner.skipSpace()
            if scanner.peek() == 0x2C {
                scanner.index += 1
                continue
            }
            try scanner.expect(0x7D)
            return members
        }
    }

    /// The elements of the array that `bytes` hold.
    static func elements(_ bytes: [UInt8]) throws(LiveFormatError) -> [Range<Int>] {
        var scanner = RawJSON(bytes)
        scanner.skipSpace()
        try scanner.expect(0x5B)
        var elements: [Range<Int>] = []
        scanner.skipSpace()
        if scanner.peek() == 0x5D { return elements }
        while true {
            scanner.skipSpace()
            let start = scanner.index
            try scanner.skipValue()
            elements.append(start..<scanner.index)
            scanner.skipSpace()
            if scanner.peek() == 0x2C {
                scanner.index += 1
                continue
            }
            try scanner.expect(0x5D)
            return elements
        }
    }

    /// A JSON integer.
    static func integer(_ bytes: [UInt8], _ range: Range<Int>) -> Int64? {
        Int64(String(decoding: bytes[range], as: UTF8.self))
    }

    /// A JSON string without escapes beyond `\"` and `\\` (user ids, URLs).
    static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == 0x22, bytes[range.upperBound - 1] == 0x22 else { return nil }
        return try? unescape(bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
    }

    private static func unescape(_ slice: ArraySlice<UInt8>) throws(LiveFormatError) -> String {
        guard slice.contains(0x5C) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        var escaped = false
        for byte in slice {
            if escaped {
                switch byte {
                case 0x22, 0x5C, 0x2F: out.append(byte)
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                default: throw LiveFormatError("unsupported escape in a key or id")
                }
                escaped = false
            } else if byte == 0x5C {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(LiveFormatError) {
        guard peek() == byte else { throw LiveFormatError("expected '\(Character(Unicode.Scalar(byte)))' at \(index)") }
        index += 1
    }

    private mutating func skipString() throws(LiveFormatError) -> Range<Int> {
        let start = index
        try expect(0x22)
        while let byte = peek() {
            index += 1
            if byte == 0x5C {
                index += 1
            } else if byte == 0x22 {
                return start..<index
            } else if byte < 0x20 {
                throw LiveFormatError("control character in a string")
            }
        }
        throw LiveFormatError("unterminated string")
    }

    private mutating func skipValue() throws(LiveFormatError) {
        guard let first = peek() else { throw LiveFormatError("value expected") }
        switch first {
        case 0x22: _ = try skipString()
        case 0x7B, 0x5B:
            var depth = 0
            while let byte = peek() {
                if byte == 0x22 {
                    _ = try skipString()
                    continue
                }
                index += 1
                if byte == 0x7B || byte == 0x5B { depth += 1 }
                if byte == 0x7D || byte == 0x5D {
                    depth -= 1
                    if depth == 0 { return }
                }
            }
            throw LiveFormatError("unterminated \(first == 0x7B ? "object" : "array")")
        default:
            let start = index
            while let byte = peek(), byte != 0x2C, byte != 0x7D, byte != 0x5D, byte > 0x20 { index += 1 }
            guard index > start else { throw LiveFormatError("value expected at \(index)") }
        }
    }
}

/// Stored or pushed live-update JSON that does not have the agreed shape.
package struct LiveFormatError: Error, CustomStringConvertible {
    /// What is wrong.
    package let description: String

    init(_ description: String) { self.description = description }
}
