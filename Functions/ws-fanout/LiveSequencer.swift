import Dapr
import LiveUpdates

/// Gives a user's events their sequence numbers and keeps the bounded history (docs/websocket.md): the one writer
/// of `live:<user>:seq`, the history slots `live:<user>:event:<seq mod N>` and the id marks `live:<user>:id:<id>`.
/// Each event costs the same whatever the history holds: one bulk read (seq and the event's id mark) and one state
/// transaction (seq, the slot, the id mark) guarded by the seq key's ETag, so two instances never hand out the same
/// seq; a redelivered event (its id mark still there) gets its first seq back, not a second one.
struct LiveSequencer: Sendable {
    let dapr: any DaprClient

    /// The event with its seq, and whether it was new.
    func assign(_ event: [UInt8], id: String, to userID: String) async throws -> (LiveEvent, isNew: Bool) {
        let seqKey = LiveState.seqKey(userID)
        let idKey = LiveState.eventIDKey(userID, eventID: id)
        var attempts = 0
        while true {
            attempts += 1
            let read = try await dapr.getBulkState(
                store: LiveState.storeName, keys: [seqKey, idKey], parallelism: nil, metadata: [:])
            let seqEntry = read.first { $0.key == seqKey }?.entry
            if let seen = read.first(where: { $0.key == idKey })?.entry.flatMap({ Self.integer($0.value) }) {
                return (LiveEvent(seq: seen, event: event), false)
            }
            let assigned = LiveEvent(seq: (seqEntry.flatMap { Self.integer($0.value) } ?? 0) + 1, event: event)
            let seqBytes = Array(String(assigned.seq).utf8)
            let operations: [DaprStateOperation] = [
                .upsert(
                    DaprStateItem(
                        key: seqKey, value: seqBytes, etag: seqEntry?.etag,
                        concurrency: seqEntry == nil ? .firstWrite : nil)),
                .upsert(DaprStateItem(key: LiveState.eventKey(userID, seq: assigned.seq), value: assigned.itemJSON)),
                .upsert(DaprStateItem(key: idKey, value: seqBytes, ttlInSeconds: LiveState.eventIDTTLSeconds)),
            ]
            do {
                try await dapr.executeStateTransaction(store: LiveState.storeName, operations: operations, metadata: [:])
                return (assigned, true)
            } catch let error as DaprError where attempts < 32 && Self.isConflict(error) {
                continue
            }
        }
    }

    /// A stored JSON integer (a bulk read may hand it back re-encoded, e.g. with spaces).
    private static func integer(_ bytes: [UInt8]) -> Int64? {
        Int64(String(decoding: bytes, as: UTF8.self).filter { $0 != " " && $0 != "\n" })
    }

    /// A lost compare-and-set: daprd answers a transaction whose ETag no longer matches with 500
    /// `ERR_STATE_TRANSACTION`, not 409 as a single save does; another writer got there first, so read again.
    private static func isConflict(_ error: DaprError) -> Bool {
        error.code == .etagMismatch || error.errorCode == "ERR_STATE_TRANSACTION"
    }
}
