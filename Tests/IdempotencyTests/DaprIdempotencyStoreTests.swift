import Dapr
import FoundationEssentials
import FunctionTesting
import HTTPTypes
import Idempotency
import Synchronization
import Testing

@Suite("DaprIdempotencyStore against a loopback daprd state store")
struct DaprIdempotencyStoreTests {
    private struct EffectFailed: Error {}

    /// Counts effect runs across tasks.
    private final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
        var count: Int { value.load(ordering: .relaxed) }
    }

    let key = IdempotencyKey(appID: "reminder-fire", eventID: "e-1")

    @Test("the key is idempotency:<app-id>:<event id>")
    func keyFormat() {
        #expect(key.stateKey == "idempotency:reminder-fire:e-1")
    }

    @Test("claims with first-write and the lease TTL, then a second claim is in progress")
    func claimIsExclusive() async throws {
        try await FakeStateStore.with { fake, dapr in
            let store = DaprIdempotencyStore(dapr: dapr)
            guard case .claimed = try await store.claim(key) else { Issue.record("first claim not granted"); return }
            #expect(try await store.claim(key) == .inProgress)
            let body = String(decoding: fake.requests[0].body, as: UTF8.self)
            #expect(body.contains(#""key":"idempotency:reminder-fire:e-1""#))
            #expect(body.contains(#""metadata":{"ttlInSeconds":"300"},"options":{"concurrency":"first-write"}"#))
        }
    }

    @Test("after markDone every claim is alreadyDone, and the record is kept 24 h")
    func markDone() async throws {
        try await FakeStateStore.with { fake, dapr in
            let store = DaprIdempotencyStore(dapr: dapr)
            guard case .claimed(let lease) = try await store.claim(key) else { Issue.record("not claimed"); return }
            try await store.markDone(lease)
            #expect(try await store.claim(key) == .alreadyDone)
            #expect(fake.value(key.stateKey)?.contains(#""state":"done""#) == true)
            let markBody = String(decoding: fake.requests[1].body, as: UTF8.self)
            #expect(markBody.contains(#""ttlInSeconds":"86400""#))
        }
    }

    @Test("performOnce runs the effect once over two deliveries")
    func performOnce() async throws {
        try await FakeStateStore.with { _, dapr in
            let store = DaprIdempotencyStore(dapr: dapr)
            let runs = Counter()
            let first = try await store.performOnce(key) { runs.increment() }
            let second = try await store.performOnce(key) { runs.increment() }
            guard case .performed(1) = first else { Issue.record("first delivery did not perform"); return }
            guard case .alreadyDone = second else { Issue.record("second delivery was not deduplicated"); return }
            #expect(runs.count == 1)
        }
    }

    @Test("a failed effect releases the claim so the redelivery runs it")
    func failedEffectReleases() async throws {
        try await FakeStateStore.with { fake, dapr in
            let store = DaprIdempotencyStore(dapr: dapr)
            await #expect(throws: EffectFailed.self) {
                _ = try await store.performOnce(key) { () async throws -> Int in throw EffectFailed() }
            }
            #expect(fake.value(key.stateKey) == nil)
            guard case .performed(7) = try await store.performOnce(key, { 7 }) else {
                Issue.record("redelivery did not perform")
                return
            }
        }
    }

    @Test("release leaves another delivery's claim alone")
    func releaseOnlyOwnClaim() async throws {
        try await FakeStateStore.with { fake, dapr in
            let store = DaprIdempotencyStore(dapr: dapr)
            guard case .claimed = try await store.claim(key) else { Issue.record("not claimed"); return }
            try await store.release(IdempotencyLease(key: key, owner: "someone-else"))
            #expect(fake.value(key.stateKey) != nil)
        }
    }

    @Test("a claim left by a crash expires after the lease and can be claimed again")
    func leaseExpires() async throws {
        try await FakeStateStore.with { _, dapr in
            // A lease long enough that the second claim lands inside it even on a busy 2-core machine (under the full
            // suite beside two busy loops, two claims once took more than 15 s).
            let store = DaprIdempotencyStore(dapr: dapr, policy: IdempotencyPolicy(lease: .seconds(60)))
            guard case .claimed = try await store.claim(key) else { Issue.record("not claimed"); return }
            #expect(try await store.claim(key) == .inProgress)
            try await Task.sleep(for: .milliseconds(60_100))
            guard case .claimed = try await store.claim(key) else {
                Issue.record("expired claim not reclaimed"); return
            }
        }
    }

    @Test("concurrent deliveries of one event run the effect exactly once")
    func concurrentDeliveries() async throws {
        try await FakeStateStore.with { _, dapr in
            let store = DaprIdempotencyStore(dapr: dapr)
            let runs = Counter()
            let performed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let outcome = try await store.performOnce(key) {
                            try await Task.sleep(for: .milliseconds(20))
                            return runs.increment()
                        }
                        if case .performed = outcome { return true }
                        return false
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(performed == 1)
            #expect(runs.count == 1)
        }
    }

    @Test("a state store failure on claim is thrown, so the subscriber answers RETRY")
    func claimFailure() async throws {
        let dapr = HTTPDaprClient(endpoint: "http://127.0.0.1:1", retryPolicy: .none)
        let error = await #expect(throws: DaprError.self) { try await DaprIdempotencyStore(dapr: dapr).claim(key) }
        #expect(error?.code == .connection)
    }
}

@Suite("InMemoryIdempotencyStore")
struct InMemoryIdempotencyStoreTests {
    @Test("has the claimed, done and released states of the Dapr store")
    func states() async throws {
        let store = InMemoryIdempotencyStore()
        let key = IdempotencyKey(appID: "a", eventID: "1")
        guard case .claimed(let lease) = try await store.claim(key) else { Issue.record("not claimed"); return }
        #expect(try await store.claim(key) == .inProgress)
        try await store.release(lease)
        guard case .claimed(let second) = try await store.claim(key) else { Issue.record("not reclaimed"); return }
        try await store.markDone(second)
        #expect(try await store.claim(key) == .alreadyDone)
        #expect(store.isDone(key))
    }
}
