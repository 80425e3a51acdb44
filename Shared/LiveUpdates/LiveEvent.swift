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

    /// `{"seq":…,"event":…}`, what a history slot holds.
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
