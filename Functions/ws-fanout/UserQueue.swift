/// One event of a user at a time in this instance: concurrent deliveries for the same user wait their turn here
/// instead of racing on the seq key's ETag (the compare-and-set still guards across instances).
actor UserQueue {
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` once no other event of `userID` is being handled here.
    func serialized<T: Sendable>(_ userID: String, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(userID)
        do {
            let value = try await body()
            release(userID)
            return value
        } catch {
            release(userID)
            throw error
        }
    }

    private func acquire(_ userID: String) async {
        guard waiting[userID] != nil else {
            waiting[userID] = []
            return
        }
        await withCheckedContinuation { waiting[userID, default: []].append($0) }
    }

    private func release(_ userID: String) {
        guard var queue = waiting[userID], !queue.isEmpty else {
            waiting[userID] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[userID] = queue
        next.resume()
    }
}
