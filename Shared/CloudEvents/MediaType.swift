/// Media type checks for `datacontenttype` and `Content-Type`, on bytes and without allocating.
package enum MediaType {
    /// Whether the media type, parameters stripped, is `*/json` or `*/*+json` (case-insensitive).
    package static func isJSON(_ mediaType: String) -> Bool {
        let bytes = essence(mediaType)
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let subtype = bytes[(slash + 1)...]
        return subtype.count >= 4 && subtype.suffix(4).elementsEqual("json".utf8, by: { $0 | 0x20 == $1 })
            && (subtype.count == 4 || subtype[subtype.endIndex - 5] == UInt8(ascii: "+"))
    }

    /// Whether `mediaType` starts with `prefix`, comparing ASCII case-insensitively (`prefix` is lower case).
    package static func hasPrefix(_ mediaType: String, _ prefix: String) -> Bool {
        let bytes = mediaType.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return bytes.count >= prefix.utf8.count
            && zip(bytes, prefix.utf8).allSatisfy { (($0 >= 65 && $0 <= 90) ? $0 | 0x20 : $0) == $1 }
    }

    /// The type/subtype part, lower-cased, without parameters or surrounding blanks.
    package static func essenceLowercased(_ mediaType: String) -> String {
        String(decoding: essence(mediaType).map { ($0 >= 65 && $0 <= 90) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether the text has RFC 2045/2046 syntax: `type "/" subtype *(";" attribute "=" value)`.
    package static func isValid(_ mediaType: String) -> Bool {
        let parts = mediaType.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard let head = parts.first else { return false }
        let typeParts = trim(head).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard typeParts.count == 2, typeParts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isTokenByte) }) else {
            return false
        }
        for parameter in parts.dropFirst() {
            let trimmed = trim(parameter)
            guard let equals = trimmed.firstIndex(of: UInt8(ascii: "=")) else { return false }
            let name = trimmed[..<equals]
            let value = trimmed[trimmed.index(after: equals)...]
            guard !name.isEmpty, name.allSatisfy(isTokenByte), !value.isEmpty else { return false }
            let quoted = value.first == UInt8(ascii: "\"") && value.last == UInt8(ascii: "\"") && value.count >= 2
            guard quoted || value.allSatisfy(isTokenByte) else { return false }
        }
        return true
    }

    private static func essence(_ mediaType: String) -> ArraySlice<UInt8> {
        let bytes = Array(mediaType.utf8)
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
        return trim(bytes[..<end])
    }

    private static func trim<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return bytes[bytes.endIndex...] }
        return bytes[first...last]
    }

    /// RFC 2045 token characters: printable ASCII except blanks and tspecials.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        return !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
    }
}
