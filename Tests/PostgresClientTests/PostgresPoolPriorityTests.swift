import Glibc
import PostgresClient
import Synchronization
import Testing

/// The pool's priority lane: the outbox relay's claims go ahead of the requests queued for a connection (issue 11).
@Suite("PostgresPool priority")
struct PostgresPoolPriorityTests {
    final class Recorder: Sendable {
        let order = Mutex<[String]>([])
        let holding = Atomic<Bool>(false)
        let release = Atomic<Bool>(false)
    }

    @Test("a priority caller gets the next free connection before callers that queued earlier")
    func priorityGoesFirst() async throws {
        let pool = try await PostgresPool.connect(url: TestDatabase.serverURL, size: 1)
        let recorder = Recorder()
        let holder = Task {
            try await pool.withConnection { _ in
                recorder.holding.store(true, ordering: .sequentiallyConsistent)
                var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
                while !recorder.release.load(ordering: .sequentiallyConsistent) { nanosleep(&pause, nil) }
            }
        }
        while !recorder.holding.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }
        var queued: [Task<Void, any Error>] = []
        for (index, name) in ["request 1", "request 2", "relay", "request 3"].enumerated() {
            queued.append(
                Task {
                    try await pool.withConnection(priority: name == "relay") { _ in
                        recorder.order.withLock { $0.append(name) }
                    }
                })
            // Each is queued before the next one starts.
            while pool.waiting < index + 1 { try await Task.sleep(for: .milliseconds(5)) }
        }
        recorder.release.store(true, ordering: .sequentiallyConsistent)
        try await holder.value
        for task in queued { try await task.value }
        await pool.close()
        #expect(recorder.order.withLock { $0 } == ["relay", "request 1", "request 2", "request 3"])
    }
}
