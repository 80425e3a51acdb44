/// Where the live-update state lives (docs/websocket.md): the state store component `todo-livestate`, whose
/// `keyPrefix: none` lets ws-fanout (the writer of seq and history) and ws-gateway (their reader, and the writer of
/// presence) see the same keys; it is scoped to those two apps.
package enum LiveState {
    /// The Dapr state store component.
    package static let storeName = "todo-livestate"
    /// How many events a user's history keeps (older ones get `resync`).
    package static let historyLimit = 1000
    /// How long a replica's presence entry lives without a heartbeat.
    package static let presenceTTLMilliseconds: Int64 = 30_000

    /// `live:<user>:seq`: the user's latest sequence number (a JSON integer).
    package static func seqKey(_ userID: String) -> String { "live:\(userID):seq" }
    /// `live:<user>:history`: the last `historyLimit` events, oldest first.
    package static func historyKey(_ userID: String) -> String { "live:\(userID):history" }
    /// `live:<user>:presence`: which gateway replicas hold the user's connections.
    package static func presenceKey(_ userID: String) -> String { "live:\(userID):presence" }
}
