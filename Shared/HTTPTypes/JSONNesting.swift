/// The one nesting limit of JSON on both sides of pub/sub: the JSON layer's `JSONScanner` and `JSONValue.parse`
/// (the embedded runtime's publish, state and other API bodies; what subscribers read deliveries with).
///
/// The runtime's publish API refuses an event nested deeper than this, so it never stores one a subscriber's parser
/// would refuse: an event that cannot be read must never reach a bulk delivery, where it would cost the good ones.
///
/// ```swift
/// guard JSONNesting.depth(of: body) <= JSONNesting.maximumDepth else { return refused }
/// ```
package enum JSONNesting {
    /// The deepest nesting of objects and arrays accepted, counting the outermost value as 1 (`[]` is 1,
    /// `{"a":[1]}` is 2). 128 levels is far above any event of ours, and bounds each parser's work and stack.
    package static let maximumDepth = 128

    /// The deepest nesting of objects and arrays in `bytes`, counting brackets outside strings. It does not check
    /// that the text is well-formed JSON: it is the cheap pre-check before a parse.
    /// - Parameter bytes: JSON text.
    /// - Returns: 0 for a scalar, 1 for a flat object or array, and so on.
    package static func depth(of bytes: some Sequence<UInt8>) -> Int {
        if let contiguous = bytes.withContiguousStorageIfAvailable({ depth(of: $0) }) { return contiguous }
        return depth(of: Array(bytes))
    }

    /// ``depth(of:)-(some Sequence<UInt8>)`` over contiguous bytes: one pass over the buffer, no iterator
    /// (the publish API checks every event with it).
    /// - Parameter bytes: JSON text.
    /// - Returns: 0 for a scalar, 1 for a flat object or array, and so on.
    package static func depth(of bytes: [UInt8]) -> Int { bytes.withUnsafeBufferPointer { depth(of: $0) } }

    /// ``depth(of:)-(some Sequence<UInt8>)`` over a buffer.
    /// - Parameter bytes: JSON text.
    /// - Returns: 0 for a scalar, 1 for a flat object or array, and so on.
    package static func depth(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }
}
