/// Media type checks for `datacontenttype` and `Content-Type`, on bytes and without allocating.
package enum MediaType {
    /// Whether the media type, parameters stripped, is `*/json` or `*/*+json` (case-insensitive).
    package static func isJSON(_ mediaType: String) -> Bool {
        var mediaType = mediaType
        return mediaType.withUTF8 { bytes in
            let (start, end) = essenceBounds(bytes)
            guard end - start >= 6 else { return false }
            let json: (UInt8, UInt8, UInt8, UInt8) = (0x6A, 0x73, 0x6F, 0x6E)
            guard bytes[end - 4] | 0x20 == json.0, bytes[end - 3] | 0x20 == json.1, bytes[end - 2] | 0x20 == json.2,
                bytes[end - 1] | 0x20 == json.3
            else { return false }
            let before = bytes[end - 5]
            if before == UInt8(ascii: "+") { return true }
            return before == UInt8(ascii: "/")
        }
    }

    /// Whether `mediaType` starts with `prefix`, comparing ASCII case-insensitively (`prefix` is lower case).
    package static func hasPrefix(_ mediaType: String, _ prefix: StaticString) -> Bool {
        var mediaType = mediaType
        return mediaType.withUTF8 { bytes in
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
                start += 1
            }
            let count = prefix.utf8CodeUnitCount
            guard bytes.count - start >= count else { return false }
            for offset in 0..<count where bytes[start + offset].lowercasedASCII != prefix.utf8Start[offset] {
                return false
            }
            return true
        }
    }

    /// The type/subtype part, lower-cased, without parameters or surrounding blanks.
    package static func essenceLowercased(_ mediaType: String) -> String {
        var mediaType = mediaType
        return mediaType.withUTF8 { bytes in
            let (start, end) = essenceBounds(bytes)
            return String(decoding: bytes[start..<end].map(\.lowercasedASCII), as: UTF8.self)
        }
    }

    /// Whether the text has RFC 2045/2046 syntax: `type "/" subtype *(";" attribute "=" value)`.
    package static func isValid(_ mediaType: String) -> Bool {
        var mediaType = mediaType
        return mediaType.withUTF8 { bytes in
            var index = 0
            skipBlanks(bytes, &index)
            guard scanToken(bytes, &index), index < bytes.count, bytes[index] == UInt8(ascii: "/") else { return false }
            index += 1
            guard scanToken(bytes, &index) else { return false }
            skipBlanks(bytes, &index)
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: ";") else { return false }
                index += 1
                skipBlanks(bytes, &index)
                guard scanToken(bytes, &index), index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                    return false
                }
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                    index += 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                        index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                    }
                    guard index < bytes.count else { return false }
                    index += 1
                } else {
                    guard scanToken(bytes, &index) else { return false }
                }
                skipBlanks(bytes, &index)
            }
            return true
        }
    }

    private static func essenceBounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var start = 0
        var end = 0
        while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
        while start < end, bytes[start].isBlank { start += 1 }
        while end > start, bytes[end - 1].isBlank { end -= 1 }
        return (start, end)
    }

    private static func skipBlanks(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
        while index < bytes.count, bytes[index].isBlank { index += 1 }
    }

    /// Consumes one or more RFC 2045 token characters; false when there is none.
    private static func scanToken(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        let start = index
        while index < bytes.count, bytes[index].isTokenByte { index += 1 }
        return index > start
    }
}

extension UInt8 {
    fileprivate var isBlank: Bool { self == 0x20 || self == 0x09 }
    var lowercasedASCII: UInt8 { (self >= 0x41 && self <= 0x5A) ? self | 0x20 : self }
    /// RFC 2045 token characters: printable ASCII except tspecials.
    fileprivate var isTokenByte: Bool {
        guard self > 0x20, self < 0x7F else { return false }
        return switch self {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "@"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "\""),
            UInt8(ascii: "/"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "?"), UInt8(ascii: "="):
            false
        default: true
        }
    }
}
