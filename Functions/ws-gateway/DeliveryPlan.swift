import HTTPServer

/// One user's connections on this replica grouped by the event-loop thread that owns each socket, so a fan-out
/// hands each thread its own connections in one hop and the threads write in parallel. Kept per user and built
/// again only when the user's connections change.
struct DeliveryPlan {
    /// The attached connections by owning thread; `owner` stands for the thread.
    private(set) var batches: [(owner: UpgradedConnection, connections: [LiveConnection])] = []
    /// Connections still reading their replay (no socket yet): an event offered to them is held.
    private(set) var waiting: [LiveConnection] = []

    init(_ connections: some Sequence<LiveConnection>) {
        for connection in connections {
            guard let channel = connection.channel else {
                waiting.append(connection)
                continue
            }
            if let index = batches.firstIndex(where: { $0.owner.sharesThread(with: channel) }) {
                batches[index].connections.append(connection)
            } else {
                batches.append((channel, [connection]))
            }
        }
    }

    /// How many connections the plan covers.
    var count: Int { batches.reduce(waiting.count) { $0 + $1.connections.count } }

    /// Offers the frame of event `seq` to every connection: the other threads' batches are handed over first, so
    /// they run while this thread (when it owns sockets too) writes its own.
    func offer(seq: Int64, frame: [UInt8]) {
        var own: [LiveConnection] = []
        for batch in batches {
            if batch.owner.isOnOwningThread {
                own = batch.connections
            } else {
                let connections = batch.connections
                batch.owner.perform { for connection in connections { connection.offer(seq: seq, frame: frame) } }
            }
        }
        for connection in own { connection.offer(seq: seq, frame: frame) }
        for connection in waiting { connection.offer(seq: seq, frame: frame) }
    }
}
