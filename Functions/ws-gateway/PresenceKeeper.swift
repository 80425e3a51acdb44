import Dapr
import FunctionRuntime
import Glibc
import LiveUpdates

/// Keeps `live:<user>:presence` saying that this replica (its base URL) holds connections of each user connected
/// here: an entry as the user's first connection opens, a heartbeat for all of them every `interval`, removal as
/// the last closes. Writes are ETag compare-and-set, since every replica of the user writes the same key.
struct PresenceKeeper: Sendable {
    let dapr: any DaprClient
    /// This replica's base URL, where ws-fanout sends `POST /internal/push`.
    let replicaURL: String
    let logger: Logger

    /// Adds (or refreshes) this replica for `userID`, or removes it; whether that was stored.
    @discardableResult
    func update(_ userID: String, present: Bool) async -> Bool {
        let key = LiveState.presenceKey(userID)
        for _ in 0..<8 {
            do {
                let entry = try await dapr.getState(store: LiveState.storeName, key: key)
                var presence = try entry.map { try LivePresence(json: $0.value) } ?? LivePresence()
                let now = Self.nowMilliseconds()
                presence.replicas = presence.replicas.filter { $0.value > now }
                presence.replicas[replicaURL] = present ? now + LiveState.presenceTTLMilliseconds : nil
                let item = DaprStateItem(
                    key: key, value: presence.json, etag: entry?.etag,
                    concurrency: entry == nil ? .firstWrite : nil,
                    ttlInSeconds: Int(LiveState.presenceTTLMilliseconds / 1000) * 2)
                try await dapr.saveState(store: LiveState.storeName, items: [item])
                return true
            } catch let error as DaprError where error.code == .etagMismatch {
                continue
            } catch {
                logger.warning("Presence not written", metadata: ["user.id": .string(userID), "error": "\(error)"])
                return false
            }
        }
        logger.warning("Presence not written: too many concurrent writers", metadata: ["user.id": .string(userID)])
        return false
    }

    /// Refreshes every user of `hub` each `interval` (a third of the TTL) until cancelled.
    func run(hub: ConnectionHub, interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            for user in hub.userIDs { await update(user, present: true) }
        }
    }

    static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
