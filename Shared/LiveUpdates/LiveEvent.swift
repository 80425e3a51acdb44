/// One user-visible event with the user's sequence number; `event` is the CloudEvent's JSON (structured mode),
/// kept as bytes so it is written into frames as received.
package struct LiveEvent: Sendable, Equatable {
    /// The user's sequence number (1, 2, 3, … with no gaps).
    package var seq: Int64
    /// The CloudEvent as JSON.
    package var event: [UInt8]

    /// Creates an event.
    package init(seq: Int64, event: [UInt8]) {
        self.seq = seq
        self.event = event
    }

    /// The CloudEvent's `id`, when it has one (how a redelivery is recognised in the history).
    package var eventID: String? {
        (try? RawJSON.members(event))?.first { $0.0 == "id" }.flatMap { RawJSON.string(event, $0.1) }
    }

    /// `{"seq":…,"event":…}`, a history item.
    package var itemJSON: [UInt8] { Array("{\"seq\":\(seq),\"event\":".utf8) + event + [0x7D] }

    /// Reads `{"seq":…,"event":…}` (other members are ignored).
    package init(itemJSON bytes: [UInt8], in range: Range<Int>? = nil) throws(LiveFormatError) {
        var seq: Int64?
        var event: [UInt8]?
        for (key, value) in try RawJSON.members(bytes, in: range) {
            if key == "seq" { seq = RawJSON.integer(bytes, value) }
            if key == "event" { event = Array(bytes[value]) }
        }
        guard let seq, seq > 0 else { throw LiveFormatError("seq must be a positive integer") }
        guard let event, event.first == 0x7B else { throw LiveFormatError("event must be a JSON object") }
        self.init(seq: seq, event: event)
    }
}

/// A user's bounded replay history: the JSON array stored under `live:<user>:history`, oldest first.
package enum LiveHistory {
    /// The items of a stored history.
    package static func decode(_ bytes: [UInt8]) throws(LiveFormatError) -> [LiveEvent] {
        var events: [LiveEvent] = []
        for range in try RawJSON.elements(bytes) { events.append(try LiveEvent(itemJSON: bytes, in: range)) }
        return events
    }

    /// The stored form of `events`.
    package static func encode(_ events: [LiveEvent]) -> [UInt8] {
        var bytes: [UInt8] = [0x5B]
        for (index, event) in events.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            bytes += event.itemJSON
        }
        bytes.append(0x5D)
        return bytes
    }

    /// `history` with `event` appended, cut to the last `limit` items (what ws-fanout stores).
    package static func appending(_ event: LiveEvent, to history: [LiveEvent], limit: Int = LiveState.historyLimit) -> [LiveEvent]
    {
        Array((history + [event]).suffix(limit))
    }
}
