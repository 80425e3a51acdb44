/// A stored history worked on as bytes, for ws-fanout's hot path: a new event is appended without parsing every
/// stored event (the history holds up to 1,000 of them; parsing each one's members per append cost more than the
/// rest of the fan-out).
extension LiveHistory {
    /// Whether `bytes` may hold an event whose `id` is `eventID`: false only when the quoted id occurs nowhere in it,
    /// so a false answer is certain and a true one is checked by ``decode(_:)``.
    package static func mayContain(eventID: String, in bytes: [UInt8]) -> Bool {
        let needle = Array("\"\(eventID)\"".utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// The stored form of history `bytes` (empty: none yet) with `event` appended, cut to the last `limit` items:
    /// the same bytes ``encode(_:)`` gives for ``appending(_:to:limit:)`` of the decoded history.
    /// - Throws: ``LiveFormatError`` when `bytes` is not a JSON array.
    package static func appendingRaw(_ event: LiveEvent, to bytes: [UInt8], limit: Int = LiveState.historyLimit)
        throws(LiveFormatError) -> [UInt8]
    {
        let ranges = bytes.isEmpty ? [] : try RawJSON.elements(bytes)
        var out: [UInt8] = [0x5B]
        out.reserveCapacity(bytes.count + event.event.count + 32)
        for range in ranges.suffix(max(0, limit - 1)) {
            if out.count > 1 { out.append(0x2C) }
            out += bytes[range]
        }
        if out.count > 1 { out.append(0x2C) }
        out += event.itemJSON
        out.append(0x5D)
        return out
    }
}
