/// Appends JSON text to a byte buffer by hand (escaped strings, raw values, punctuation), for the hot paths that
/// must not pay for `JSONEncoder`: CloudEvents, log lines, error bodies, request bodies. Strings go through the one
/// escaper (``JSONEscaping``) with this writer's options.
package struct JSONWriter {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8] = []
    /// How strings are escaped.
    package var escaping: JSONEscaping

    /// Creates an empty writer with room for `capacity` bytes.
    package init(capacity: Int = 128, escaping: JSONEscaping = []) {
        bytes.reserveCapacity(capacity)
        self.escaping = escaping
    }

    /// Appends one byte as it is.
    @inline(__always) package mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    /// Appends text that is already valid JSON (or punctuation).
    @inline(__always) package mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends JSON text (a number, a value the caller already holds as JSON) as it is.
    package mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends JSON bytes as they are; the caller vouches they are valid JSON.
    package mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    /// Writes `,"name":` for a member after the first.
    @inline(__always) package mutating func key(_ name: StaticString) {
        raw(UInt8(ascii: ","))
        raw(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    /// Writes `text` as a JSON string.
    package mutating func string(_ text: String) { escaping.append(text, to: &bytes) }

    /// Writes `"key":` followed by `value` as a string, with a leading comma unless `first`.
    package mutating func member(_ key: String, _ value: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        string(value)
    }
}
