/// The one check of a request target that the ingress, the function runtime and the Dapr API's invocation all
/// apply before choosing a route: a target that could mean two different paths to two different parsers is
/// refused (400), never rewritten.
///
/// Refused, in the path: `.` and `..` segments (also as `%2e`), an empty segment (`//`, except a trailing `/`),
/// a backslash (also `%5c`), an encoded slash (`%2f`), a malformed escape, and any control character, space or
/// DEL, raw or encoded. Anywhere in the target (the query too): a raw control character, space or DEL, so a TAB
/// never reaches an HTTP client that would refuse it. A target must be in origin form (start with `/`).
///
/// ```swift
/// if let problem = RequestTarget.problem(request.target) {
///     return .error(.badRequest, message: problem)
/// }
/// ```
package enum RequestTarget {
    /// Why `target` is refused, or nil when it is a plain origin-form target.
    package static func problem(_ target: String) -> String? {
        var target = target
        return target.withUTF8 { problem(bytes: $0) }
    }

    /// `problem(_:)` over the target's UTF-8 bytes, in one pass without allocating.
    private static func problem(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.first == UInt8(ascii: "/") else { return "the request target must start with /" }
        if bytes.contains(where: { isControl($0) || $0 == UInt8(ascii: " ") }) {
            return "the request target contains a control character or a space"
        }
        var segment = Segment()
        var index = 1
        while index < bytes.count {
            var byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "?") { break }
            if byte == UInt8(ascii: "/") {
                if let problem = segment.problem(isLast: false) { return problem }
                segment = Segment()
                continue
            }
            if byte == UInt8(ascii: "%") {
                guard index + 1 < bytes.count, let value = hex(bytes[index], bytes[index + 1]) else {
                    return "the request path contains a malformed percent escape"
                }
                index += 2
                if isControl(value) { return "the request path contains an encoded control character" }
                if value == UInt8(ascii: "/") { return "the request path contains an encoded slash (%2F)" }
                byte = value
            }
            if byte == UInt8(ascii: "\\") { return "the request path contains a backslash" }
            segment.add(byte)
        }
        return segment.problem(isLast: true)
    }

    /// What matters of one path segment: its length and whether it is all dots.
    private struct Segment {
        var length = 0
        var dots = 0

        mutating func add(_ byte: UInt8) {
            length += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
        }

        func problem(isLast: Bool) -> String? {
            if length == 0, !isLast { return "the request path contains an empty segment (//)" }
            if dots == length, length == 1 || length == 2 { return "the request path contains a dot segment" }
            return nil
        }
    }

    /// Whether `target` passes `problem(_:)`.
    package static func isPlain(_ target: String) -> Bool { problem(target) == nil }

    /// A C0 control character or DEL.
    private static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }

    private static func hex(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let high = digit(high), let low = digit(low) else { return nil }
        return high << 4 | low
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
