import JSON

/// Writes compact JSON text by hand (strings through the one escaper, `JSONEscaping`), so that values the caller already holds as JSON text are embedded verbatim.
package struct JSONBodyWriter {
    /// The JSON text written so far.
    package private(set) var bytes: [UInt8] = []
    /// One entry per open container: whether the next element needs a leading comma.
    private var needsComma: [Bool] = []
    /// Set between a key and its value, so the value does not write a comma.
    private var afterKey = false

    /// Creates an empty writer.
    package init() {}

    /// Opens an object.
    package mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    /// Closes the innermost object.
    package mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    /// Opens an array.
    package mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    /// Closes the innermost array.
    package mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    /// Writes an object key; the next call writes its value.
    package mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// Writes a string value.
    package mutating func string(_ value: String) { separate(); appendQuoted(value) }
    /// Writes an integer value.
    package mutating func integer(_ value: Int) { separate(); bytes.append(contentsOf: String(value).utf8) }
    /// Writes `true` or `false`.
    package mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    /// Embeds JSON text as it is; the caller vouches that it is one valid JSON value.
    package mutating func raw(_ json: [UInt8]) { separate(); bytes.append(contentsOf: json) }

    /// Writes `"key":"value"` for each entry, sorted by key so bodies are deterministic.
    package mutating func stringMap(_ map: [String: String]) {
        beginObject()
        for (name, value) in map.sorted(by: { $0.key < $1.key }) {
            key(name)
            string(value)
        }
        endObject()
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func appendQuoted(_ text: String) { JSONEscaping().append(text, to: &bytes) }
}
