import Dapr
import LiveUpdates

/// Takes a gateway replica that refused ws-fanout's connection out of a user's presence (`live:<user>:presence`).
///
/// A replica that was killed, or that restarted on another port (`todofn up` after a crash), leaves its entry until
/// it expires; without this, every event of every user it held was pushed to the dead URL until then (thousands of
/// `Push failed` warnings in a chaos run). Only a refused connection counts, nothing ambiguous (a reset or a
/// timeout may be a busy replica), and only if the entry was not written again since it was read: a replica that
/// came back on the same URL keeps its refreshed entry.
struct PresencePruner: Sendable {
    let dapr: any DaprClient

    /// Removes `replica` from `userID`'s presence if its expiry is still `seenExpiry` (ETag compare-and-set, a few
    /// tries under contention); whether it was removed. Failures are not errors: the entry expires anyway.
    @discardableResult
    func remove(_ replica: String, of userID: String, seenExpiry: Int64) async -> Bool {
        let key = LiveState.presenceKey(userID)
        for _ in 0..<3 {
            do {
                guard let entry = try await dapr.getState(store: LiveState.storeName, key: key) else { return false }
                var presence = try LivePresence(json: entry.value)
                guard presence.replicas[replica] == seenExpiry else { return false }
                presence.replicas[replica] = nil
                // The same TTL as the gateway's writes (PresenceKeeper), so the key still expires on its own.
                let item = DaprStateItem(
                    key: key, value: presence.json, etag: entry.etag, concurrency: .firstWrite,
                    ttlInSeconds: Int(LiveState.presenceTTLMilliseconds / 1000) * 2)
                try await dapr.saveState(store: LiveState.storeName, items: [item])
                return true
            } catch let error as DaprError where error.code == .etagMismatch {
                continue
            } catch {
                return false
            }
        }
        return false
    }
}
