import JSON

/// The JSON array text a task's tags are stored as, written by hand: `JSONEncoder` cost more per create than
/// the two inserts' binds together on the SQLite writer thread.
enum TagsJSON {
    /// `["a","b"]`, strings escaped by the one escaper (`JSONEscaping`); any `JSONDecoder` (and PostgreSQL's
    /// jsonb, SQLite's json functions) reads it back to the same strings.
    static func encode(_ tags: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(2 + tags.reduce(0) { $0 + $1.utf8.count + 3 })
        for (index, tag) in tags.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONEscaping().append(tag, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
