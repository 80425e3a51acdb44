/// Where the live-update state lives (docs/websocket.md): the state store component `todo-livestate`, whose
/// `keyPrefix: none` lets ws-fanout (the writer of seq, history slots and id marks) and ws-gateway (their reader,
/// and the writer of presence) see the same keys; it is scoped to those two apps.
package enum LiveState {
    /// The Dapr state store component.
    package static let storeName = "todo-livestate"
    /// How many events a user's history keeps: one slot each (older ones get `resync`).
    package static let historyLimit = 1000
    /// How long `live:<user>:id:<eventId>` remembers an event's seq, so a redelivery within it keeps its seq.
    package static let eventIDTTLSeconds = 86_400
    /// How long a replica's presence entry lives without a heartbeat.
    package static let presenceTTLMilliseconds: Int64 = 30_000

    /// `live:<user>:seq`: the user's latest sequence number (a JSON integer).
    package static func seqKey(_ userID: String) -> String { "live:\(userID):seq" }
    /// `live:<user>:event:<seq mod historyLimit>`: the history slot of `seq`, holding `{"seq":…,"event":…}` for the
    /// latest event whose seq falls in it (a slot holding another seq was overwritten: that seq is too old).
    package static func eventKey(_ userID: String, seq: Int64) -> String {
        "live:\(userID):event:\(seq % Int64(historyLimit))"
    }
    /// `live:<user>:id:<eventId>`: the seq the event with this CloudEvent id got (a JSON integer, with a TTL). In
    /// the id, `%` is written `%25` and `|` `%7C`: daprd refuses a key holding `||` (its key-prefix separator).
    package static func eventIDKey(_ userID: String, eventID: String) -> String {
        var escaped = ""
        for character in eventID {
            switch character {
            case "%": escaped += "%25"
            case "|": escaped += "%7C"
            default: escaped.append(character)
            }
        }
        return "live:\(userID):id:\(escaped)"
    }
    /// `live:<user>:presence`: which gateway replicas hold the user's connections.
    package static func presenceKey(_ userID: String) -> String { "live:\(userID):presence" }
}
