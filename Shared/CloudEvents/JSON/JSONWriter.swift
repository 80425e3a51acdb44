/// Appends JSON text to a byte buffer: escaped strings, raw values, punctuation.
struct JSONWriter {
    var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    @inline(__always) mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always) mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    /// Writes `,"name":` for a member after the first.
    @inline(__always) mutating func key(_ name: StaticString) {
        raw(UInt8(ascii: ","))
        raw(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    /// Writes `text` as a JSON string: `"` and `\` escaped, control characters as short escapes or `\u00XX`.
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { source in
            bytes.append(UInt8(ascii: "\""))
            var runStart = 0
            for position in 0..<source.count {
                let byte = source[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<position]))
                runStart = position + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: [
                        UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)],
                    ])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...]))
            bytes.append(UInt8(ascii: "\""))
        }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
