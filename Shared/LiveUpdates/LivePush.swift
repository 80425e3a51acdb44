/// The body of ws-fanout's `POST /internal/push` to a gateway replica: `{"userId":"alice","seq":43,"event":{…}}`.
package struct LivePush: Sendable, Equatable {
    /// Whose connections get the event.
    package var userID: String
    /// The event and its sequence number.
    package var event: LiveEvent

    /// Creates a push.
    package init(userID: String, event: LiveEvent) {
        self.userID = userID
        self.event = event
    }

    /// Reads a push body.
    package init(json bytes: [UInt8]) throws(LiveFormatError) {
        var userID: String?
        for (key, value) in try RawJSON.members(bytes) where key == "userId" { userID = RawJSON.string(bytes, value) }
        guard let userID, !userID.isEmpty else { throw LiveFormatError("userId must be a non-empty string") }
        self.init(userID: userID, event: try LiveEvent(itemJSON: bytes))
    }

    /// The push body.
    package var json: [UInt8] {
        var writer = Array("{\"userId\":".utf8)
        writer += LiveFrames.quoted(userID)
        writer += Array(",\"seq\":\(event.seq),\"event\":".utf8) + event.event + [0x7D]
        return writer
    }
}
