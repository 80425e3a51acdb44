package import EmbeddedSeams
package import FoundationEssentials
import HTTPTypes
import Schedules
import Synchronization
import Wakeup

/// The embedded Dapr Scheduler: durable jobs (SQLite, WAL) and the HTTP handling of `/v1.0-alpha1/jobs/{name}`
/// with Dapr 1.16+ semantics, plus a scheduler loop that triggers each due job with `POST /job/<name>` on its app.
///
/// Delivery is at least once: a tick is recorded only after the app answered (2xx or 404) or the failure policy gave
/// up, so a trigger in flight when the process dies fires again after a restart. Ticks missed while the engine was
/// stopped fire right after `start()` (one trigger per job, the missed ticks of a recurring job coalesced into it).
///
/// ```swift
/// let engine = JobsEngine(databasePath: ".todofn/jobs.sqlite", appChannel: supervisor.channel())
/// try await engine.start()
/// let runtime = EmbeddedDaprRuntime(configuration: .init(..., extraModules: [engine.apiModule()]))
/// ```
package final class JobsEngine: Sendable {
    let databasePath: String
    let appChannel: AppChannel
    let clock: @Sendable () -> Date
    let maxConcurrentTriggers: Int
    let state = Mutex(JobsEngineState())
    let wakeSignal = WakeSignal()

    /// Creates an engine; nothing is opened until `start()`.
    /// - Parameters:
    ///   - databasePath: The SQLite file (e.g. `<data>/jobs.sqlite`), created if missing.
    ///   - appChannel: How triggers reach the apps.
    ///   - now: The clock (tests inject one and call `wake()` after moving it).
    ///   - maxConcurrentTriggers: Triggers in flight at once, across all apps.
    package init(
        databasePath: String, appChannel: @escaping AppChannel, now: @escaping @Sendable () -> Date = { Date() },
        maxConcurrentTriggers: Int = 64
    ) {
        self.databasePath = databasePath
        self.appChannel = appChannel
        self.clock = now
        self.maxConcurrentTriggers = max(1, maxConcurrentTriggers)
    }

    /// Opens the store, loads every job and starts the scheduler loop; jobs already due fire at once.
    /// - Throws: `SQLiteError` when the file cannot be opened, or `JobsError.notStarted` after `stop()`.
    package func start() async throws {
        let store = try await JobStore.open(path: databasePath)
        let records: [JobRecord]
        let generation: Int64
        do {
            records = try await store.loadAll()
            generation = try await store.maximumGeneration()
        } catch {
            await store.close()
            throw error
        }
        let started = state.withLock { state -> Bool in
            guard case .idle = state.phase else { return false }
            state.lastGeneration = generation
            for record in records { state.install(record) }
            state.phase = .running(store, Task { await self.runLoop() })
            return true
        }
        guard started else {
            await store.close()
            throw JobsError.notStarted
        }
    }

    /// Stops the loop (cancelling triggers in flight, which then fire again after the next start) and closes the store.
    package func stop() async {
        let running = state.withLock { state -> (JobStore, Task<Void, Never>)? in
            defer { state.phase = .stopped }
            if case .running(let store, let loop) = state.phase { return (store, loop) }
            return nil
        }
        guard let (store, loop) = running else { return }
        loop.cancel()
        await loop.value
        await store.close()
    }

    /// Makes the loop look at the clock again now (after an injected clock moved).
    package func wake() { wakeSignal.wake() }

    /// Schedules a job for `appID`, as `POST /v1.0-alpha1/jobs/{name}` does once the body is parsed.
    /// - Throws: `JobsError`: the Scheduler's validation errors, 409 when it exists and `overwrite` is false.
    package func schedule(_ definition: JobDefinition, appID: String) async throws(JobsError) {
        do {
            try JobName.validate(definition.name)
        } catch {
            throw JobsError(error)
        }
        let (store, generation) = state.withLock { state -> (JobStore?, Int64) in
            state.lastGeneration += 1
            return (state.store, state.lastGeneration)
        }
        guard let store else { throw JobsError.notStarted }
        let key = JobKey(appID: appID, name: definition.name)
        let record = try JobRecord(key: key, definition: definition, createdMicros: nowMicros(), generation: generation)
        let stored: Bool
        do {
            stored = try await store.insert(record, replace: definition.overwrite)
        } catch {
            throw JobsError.storage("schedule", error)
        }
        guard stored else { throw JobsError.alreadyExists(definition.name) }
        // A job with no trigger left (a ttl already past) is accepted and done at once, as the Scheduler drops it.
        if record.nextFireMicros == nil { try? await store.delete(key) }
        state.withLock { $0.install(record) }
        wakeSignal.wake()
    }

    /// The definition of an app's job.
    /// - Throws: `JobsError` 500 `DAPR_SCHEDULER_GET_JOB` when it does not exist.
    package func job(named name: String, appID: String) throws(JobsError) -> JobDefinition {
        let (running, record) = state.withLock { ($0.store != nil, $0.records[JobKey(appID: appID, name: name)]) }
        guard running else { throw JobsError.notStarted }
        guard let record else { throw JobsError.notFound(name) }
        return record.definition
    }

    /// Deletes an app's job; a missing job is not an error. A trigger already in flight still completes.
    /// - Throws: `JobsError` when the store fails.
    package func deleteJob(named name: String, appID: String) async throws(JobsError) {
        let key = JobKey(appID: appID, name: name)
        guard let store = state.withLock({ $0.store }) else { throw JobsError.notStarted }
        do {
            try await store.delete(key)
        } catch {
            throw JobsError.storage("delete", error)
        }
        state.withLock { $0.records[key] = nil }
    }

    /// The triggers of an app's job that were given up after the failure policy: (tick, attempts, reason).
    package func failures(named name: String, appID: String) async throws -> [(tick: Date, attempts: Int, reason: String)] {
        guard let store = state.withLock({ $0.store }) else { throw JobsError.notStarted }
        return try await store.failures(of: JobKey(appID: appID, name: name)).map {
            (JobRecord.date($0.tick), $0.attempts, $0.reason)
        }
    }

    /// Live jobs (scheduled and not finished), across all apps.
    package var jobCount: Int { state.withLock { $0.records.count } }

    func nowMicros() -> Int64 { JobRecord.micros(clock()) }
}
