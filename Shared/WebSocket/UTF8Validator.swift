/// Checks UTF-8 incrementally (RFC 3629, as RFC 6455 §8.1 requires for text), so a message split across fragments
/// is checked as it arrives and a bad byte fails at once, not when the message is complete.
package struct UTF8Validator: Sendable {
    /// Continuation bytes still expected for the current code point.
    private var remaining = 0
    /// The allowed range of the next continuation byte (narrower after E0, ED, F0, F4).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    /// A validator at the start of a text.
    package init() {}

    /// Whether the text so far ends on a code point boundary.
    package var isComplete: Bool { remaining == 0 }

    /// Feeds more bytes; false at the first byte that cannot be UTF-8 (then the validator is spent).
    package mutating func validate(_ bytes: some Collection<UInt8>) -> Bool {
        var copy = self
        if let valid = bytes.withContiguousStorageIfAvailable({ copy.validate(buffer: UnsafeRawBufferPointer($0)) }) {
            self = copy
            return valid
        }
        return validate(bytes: bytes)
    }

    /// Contiguous bytes: runs of ASCII are skipped eight bytes at a time.
    private mutating func validate(buffer: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < buffer.count {
            if remaining == 0, index + 8 <= buffer.count,
                buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            guard step(buffer[index]) else { return false }
            index += 1
        }
        return true
    }

    private mutating func validate(bytes: some Collection<UInt8>) -> Bool {
        for byte in bytes where !step(byte) { return false }
        return true
    }

    /// One byte of the state machine.
    @inline(__always)
    private mutating func step(_ byte: UInt8) -> Bool {
        if remaining == 0 {
            if byte < 0x80 { return true }
            switch byte {
            case 0xC2...0xDF: (remaining, lower, upper) = (1, 0x80, 0xBF)
            case 0xE0: (remaining, lower, upper) = (2, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (remaining, lower, upper) = (2, 0x80, 0xBF)
            case 0xED: (remaining, lower, upper) = (2, 0x80, 0x9F)
            case 0xF0: (remaining, lower, upper) = (3, 0x90, 0xBF)
            case 0xF1...0xF3: (remaining, lower, upper) = (3, 0x80, 0xBF)
            case 0xF4: (remaining, lower, upper) = (3, 0x80, 0x8F)
            default: return false
            }
        } else {
            guard byte >= lower && byte <= upper else { return false }
            remaining -= 1
            (lower, upper) = (0x80, 0xBF)
        }
        return true
    }

    /// Whether `bytes` are one complete UTF-8 text.
    package static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        var validator = UTF8Validator()
        return validator.validate(bytes) && validator.isComplete
    }
}
