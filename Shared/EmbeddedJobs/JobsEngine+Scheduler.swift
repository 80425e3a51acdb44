import HTTPTypes
import Synchronization
import Wakeup

extension JobsEngine {
    /// The scheduler loop: takes the due jobs off the index and triggers them concurrently (bounded), then sleeps
    /// until the earliest next trigger, a change, or a finished trigger freeing a slot.
    func runLoop() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let now = nowMicros()
                let (due, wait) = state.withLock { state -> ([JobRecord], Int64?) in
                    let due = state.takeDue(now: now, limit: maxConcurrentTriggers)
                    guard state.inFlight < maxConcurrentTriggers else { return (due, nil) }
                    return (due, state.queue.first.map { $0.fireMicros - now } ?? 60_000_000)
                }
                for record in due {
                    group.addTask { await self.trigger(record) }
                }
                if let wait, wait <= 0 { continue }
                // Wall-clock jumps are caught by never sleeping longer than a minute.
                await wakeSignal.wait(timeout: wait.map { .microseconds(min($0, 60_000_000)) })
            }
        }
    }

    /// Delivers one tick with the job's failure policy, then records it (unless cancelled by `stop()`: then the
    /// tick stays due and fires again after the next start).
    func trigger(_ record: JobRecord) async {
        // The slot bounds calls to apps in flight; it is given back while a retry waits, so apps that keep failing
        // (or a retry-forever policy) cannot starve every other job.
        var holdsSlot = true
        func releaseSlot() {
            guard holdsSlot else { return }
            holdsSlot = false
            state.withLock { $0.inFlight -= 1 }
            wakeSignal.wake()
        }
        func retakeSlot() {
            guard !holdsSlot else { return }
            holdsSlot = true
            state.withLock { $0.inFlight += 1 }
        }
        defer { releaseSlot() }
        guard let tick = record.nextFireMicros else { return }
        let request = JobsEngine.triggerRequest(for: record.definition)
        let policy = record.definition.failurePolicy
        var attempts = 0
        var failure: String?
        while true {
            attempts += 1
            do {
                let response = try await appChannel(record.key.appID, request)
                if response.status.isSuccess || response.status.code == 404 {
                    failure = nil
                    break
                }
                failure = "the app answered \(response.status.code)"
            } catch {
                if Task.isCancelled { return }
                failure = "the app could not be reached: \(error)"
            }
            if let maxRetries = policy.maxRetries, attempts > maxRetries { break }
            guard let interval = policy.intervalNanoseconds else { break }
            releaseSlot()
            do {
                try await Task.sleep(for: .nanoseconds(interval))
            } catch {
                return
            }
            retakeSlot()
        }
        if Task.isCancelled { return }
        // The delivery is over: free the slot now; the job is off the index until its record is updated below.
        releaseSlot()
        let now = nowMicros()
        let next = record.advanced(afterTickAt: tick)
        let store = state.withLock { $0.store }
        try? await store?.advance(next, failure: failure.map { (tick, attempts, $0) }, now: now)
        let installed = state.withLock { state -> Bool in
            guard state.records[record.key]?.generation == record.generation else { return false }
            if next.nextFireMicros == nil {
                state.records[record.key] = nil
                return false
            }
            state.install(next)
            return true
        }
        // The scheduler may have gone to sleep while this job was off the index (for up to a minute when nothing
        // else was queued): its next tick must not wait for that.
        if installed { wakeSignal.wake() }
    }

    /// `POST /job/<name>` with the job's data as the body (`application/json`), or an empty body without data.
    static func triggerRequest(for definition: JobDefinition) -> HTTPRequest {
        let target = "/job/" + PercentEncoding.encode(definition.name, keeping: [UInt8(ascii: ":")])
        guard let data = definition.data else { return HTTPRequest(method: .post, target: target) }
        return HTTPRequest(
            method: .post, target: target, headers: ["Content-Type": "application/json"], body: Array(data.utf8))
    }
}
