/// How strings are escaped: the one string escaper of the tree, with the variants other writers' bytes need.
///
/// Always escaped: `"` and `\` with a backslash; `\b`, `\f`, `\n`, `\r`, `\t` in their short forms; every other
/// control character below U+0020 as `\u00XX` (lower-case hex). Everything else is written as its UTF-8 unless an
/// option asks for more. That is what Go's `encoding/json` (1.22 and later) writes without HTML escaping, what
/// `JSONEncoder` writes with `.withoutEscapingSlashes`, and what protojson writes but for DEL.
package struct JSONEscaping: OptionSet, Sendable, Hashable {
    /// The option bits.
    package let rawValue: UInt8

    /// Creates the options from their bits.
    package init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`: Go's `json.Marshal` default (`SetEscapeHTML(true)`).
    package static let html = JSONEscaping(rawValue: 1 << 0)
    /// U+2028 and U+2029 as `\u2028` and `\u2029`, which Go's `encoding/json` always escapes.
    package static let lineSeparators = JSONEscaping(rawValue: 1 << 1)
    /// `/` as `\/`: `JSONEncoder` without `.withoutEscapingSlashes` (the audit log's quoted text payloads).
    package static let solidus = JSONEscaping(rawValue: 1 << 2)
    /// DEL (U+007F) as `\u007f`: Go's protojson, which renders a job's `data` (`google.protobuf.Value`).
    package static let delete = JSONEscaping(rawValue: 1 << 3)

    /// What daprd writes with Go's `json.Marshal`: the standard set plus ``html`` and ``lineSeparators``.
    package static let go: JSONEscaping = [.html, .lineSeparators]

    /// Appends `text` as a quoted JSON string to `out`, escaped as these options say.
    @inlinable package func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// Appends UTF-8 `source` as a quoted JSON string to `out`, escaped as these options say.
    @inlinable package func append(utf8 source: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        var position = 0
        while position < source.count {
            let byte = source[position]
            let needsEscape: Bool
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                needsEscape = true
            } else if rawValue == 0 || (byte > UInt8(ascii: ">") && byte != 0x7F && byte != 0xE2) {
                needsEscape = false
            } else {
                needsEscape = extraEscape(source, position)
            }
            guard needsEscape else {
                position += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<position]))
            if byte == 0xE2 {  // U+2028 or U+2029: E2 80 A8 / E2 80 A9
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x32, 0x30, 0x32, source[position + 2] == 0xA8 ? 0x38 : 0x39])
                position += 3
            } else {
                JSONEscaping.appendEscape(byte, to: &out)
                position += 1
            }
            runStart = position
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...]))
        out.append(UInt8(ascii: "\""))
    }

    /// Whether the byte at `position` (not a control character, quote or backslash) is escaped by an option.
    @inlinable func extraEscape(_ source: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        switch source[position] {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): contains(.html)
        case UInt8(ascii: "/"): contains(.solidus)
        case 0x7F: contains(.delete)
        case 0xE2:
            contains(.lineSeparators) && position + 2 < source.count && source[position + 1] == 0x80
                && (source[position + 2] == 0xA8 || source[position + 2] == 0xA9)
        default: false
        }
    }

    /// Appends the escape of one ASCII byte.
    @inlinable static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(contentsOf: [0x5C, byte])
        case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            let digits: StaticString = "0123456789abcdef"
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
            out.append(digits.utf8Start[Int(byte >> 4)])
            out.append(digits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
