import Dapr
import LiveUpdates

/// Gives a user's events their sequence numbers and keeps the bounded history (docs/websocket.md): the one writer
/// of `live:<user>:seq` and `live:<user>:history`. The new seq and history are written in one state transaction
/// guarded by the seq key's ETag, so two instances never hand out the same seq; a redelivered event (its id
/// already in the history) gets its first seq back, not a second one.
struct LiveSequencer: Sendable {
    let dapr: any DaprClient

    /// The event with its seq, and whether it was new.
    func assign(_ event: [UInt8], id: String, to userID: String) async throws -> (LiveEvent, isNew: Bool) {
        var attempts = 0
        while true {
            attempts += 1
            let seqEntry = try await dapr.getState(store: LiveState.storeName, key: LiveState.seqKey(userID))
            let latest = seqEntry.flatMap { Int64(String(decoding: $0.value, as: UTF8.self)) } ?? 0
            let historyEntry = try await dapr.getState(store: LiveState.storeName, key: LiveState.historyKey(userID))
            let stored = historyEntry?.value ?? []
            // Only a history that holds the quoted id anywhere is parsed event by event (a redelivery, or a chance
            // match): a new event is appended to the stored bytes as they are.
            if LiveHistory.mayContain(eventID: id, in: stored),
                let seen = try LiveHistory.decode(stored).first(where: { $0.eventID == id })
            {
                return (seen, false)
            }
            let assigned = LiveEvent(seq: latest + 1, event: event)
            let operations: [DaprStateOperation] = [
                .upsert(
                    DaprStateItem(
                        key: LiveState.seqKey(userID), value: Array(String(assigned.seq).utf8), etag: seqEntry?.etag,
                        concurrency: seqEntry == nil ? .firstWrite : nil)),
                .upsert(
                    DaprStateItem(
                        key: LiveState.historyKey(userID), value: try LiveHistory.appendingRaw(assigned, to: stored)
                    )),
            ]
            do {
                try await dapr.executeStateTransaction(store: LiveState.storeName, operations: operations, metadata: [:])
                return (assigned, true)
            } catch let error as DaprError where attempts < 32 && Self.isConflict(error) {
                continue
            }
        }
    }

    /// A lost compare-and-set: daprd answers a transaction whose ETag no longer matches with 500
    /// `ERR_STATE_TRANSACTION`, not 409 as a single save does; another writer got there first, so read again.
    private static func isConflict(_ error: DaprError) -> Bool {
        error.code == .etagMismatch || error.errorCode == "ERR_STATE_TRANSACTION"
    }
}
