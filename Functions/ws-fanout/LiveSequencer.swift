import Dapr
import LiveUpdates

/// Gives a user's events their sequence numbers and keeps the bounded history (docs/websocket.md): the one writer
/// of `live:<user>:seq`, the history slots `live:<user>:event:<seq mod N>` and the id marks `live:<user>:id:<id>`.
/// A batch of one user's events costs the same two calls whatever it holds or the history holds: one bulk read (seq
/// and the events' id marks) and one state transaction (seq, the slots, the id marks) guarded by the seq key's
/// ETag, so two instances never hand out the same seq; a redelivered event (its id mark still there, or its id
/// earlier in the same batch) gets its first seq back, not a second one.
struct LiveSequencer: Sendable {
    let dapr: any DaprClient

    /// One event to sequence: its CloudEvent JSON and its id.
    struct Item: Sendable {
        var event: [UInt8]
        var id: String
    }

    /// The event with its seq, and whether it was new.
    func assign(_ event: [UInt8], id: String, to userID: String) async throws -> (LiveEvent, isNew: Bool) {
        try await assign([Item(event: event, id: id)], to: userID)[0]
    }

    /// Each of `items` (one user's events, in order) with its seq, and whether it was new; in the order given.
    func assign(_ items: [Item], to userID: String) async throws -> [(LiveEvent, isNew: Bool)] {
        let seqKey = LiveState.seqKey(userID)
        let idKeys = items.map { LiveState.eventIDKey(userID, eventID: $0.id) }
        var readKeys = [seqKey]
        var seenKeys: Set<String> = []
        for key in idKeys where seenKeys.insert(key).inserted { readKeys.append(key) }
        var attempts = 0
        while true {
            attempts += 1
            let read = try await dapr.getBulkState(
                store: LiveState.storeName, keys: readKeys, parallelism: nil, metadata: [:])
            var seqOfID: [String: Int64] = [:]
            var seqEntry: DaprStateEntry?
            for item in read {
                if item.key == seqKey {
                    seqEntry = item.entry
                } else if let seq = item.entry.flatMap({ Self.integer($0.value) }) {
                    seqOfID[item.key] = seq
                }
            }
            var latest = seqEntry.flatMap { Self.integer($0.value) } ?? 0
            var assigned: [(LiveEvent, isNew: Bool)] = []
            var writes: [DaprStateOperation] = []
            for (item, idKey) in zip(items, idKeys) {
                if let seen = seqOfID[idKey] {
                    assigned.append((LiveEvent(seq: seen, event: item.event), false))
                    continue
                }
                latest += 1
                seqOfID[idKey] = latest
                let event = LiveEvent(seq: latest, event: item.event)
                let seqBytes = Array(String(latest).utf8)
                writes.append(.upsert(DaprStateItem(key: LiveState.eventKey(userID, seq: latest), value: event.itemJSON)))
                writes.append(.upsert(DaprStateItem(key: idKey, value: seqBytes, ttlInSeconds: LiveState.eventIDTTLSeconds)))
                assigned.append((event, true))
            }
            guard !writes.isEmpty else { return assigned }
            let seqWrite = DaprStateOperation.upsert(
                DaprStateItem(
                    key: seqKey, value: Array(String(latest).utf8), etag: seqEntry?.etag,
                    concurrency: seqEntry == nil ? .firstWrite : nil))
            do {
                try await dapr.executeStateTransaction(
                    store: LiveState.storeName, operations: [seqWrite] + writes, metadata: [:])
                return assigned
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
