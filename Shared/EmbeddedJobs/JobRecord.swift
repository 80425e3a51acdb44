import FoundationEssentials
import Schedules

/// A stored job: its definition, its resolved schedule and where it stands (triggers so far, next trigger).
struct JobRecord: Sendable {
    var key: JobKey
    var definition: JobDefinition
    /// Resolved from the definition and `createdMicros`, so it is the same after a restart.
    var schedule: JobSchedule
    /// When the job was scheduled (µs since the epoch): the origin of relative `dueTime`s.
    var createdMicros: Int64
    /// Ticks so far (delivered, given up, or skipped while the runtime was down).
    var count: Int
    /// The scheduled instant of the last tick (µs).
    var lastFireMicros: Int64?
    /// The next tick (µs), nil when the job is done.
    var nextFireMicros: Int64?
    /// Increases on every overwrite, so a trigger of a replaced definition does not update the new one.
    var generation: Int64

    /// Resolves a definition's schedule.
    /// - Throws: `JobsError` with the Scheduler's validation error.
    init(key: JobKey, definition: JobDefinition, createdMicros: Int64, generation: Int64) throws(JobsError) {
        do {
            schedule = try JobSchedule(
                schedule: definition.schedule, dueTime: definition.dueTime, repeats: definition.repeats,
                ttl: definition.ttl, now: JobRecord.date(createdMicros))
        } catch {
            throw JobsError(error)
        }
        self.key = key
        self.definition = definition
        self.createdMicros = createdMicros
        self.generation = generation
        count = 0
        lastFireMicros = nil
        nextFireMicros = schedule.nextFire(count: 0, last: nil).map(JobRecord.micros)
    }

    /// The record after the tick scheduled at `fired`: one more tick, the next one from the schedule.
    func advanced(afterTickAt fired: Int64) -> JobRecord {
        var next = self
        next.count += 1
        next.lastFireMicros = fired
        next.nextFireMicros = schedule.nextFire(count: next.count, last: JobRecord.date(fired)).map(JobRecord.micros)
        return next
    }

    /// The record with its past-due ticks coalesced into the latest one: ticks missed while the runtime was down
    /// (or while an earlier trigger was still running) fire once, and count toward `repeats`.
    func coalesced(now: Int64) -> JobRecord {
        var record = self
        var skipped = 0
        while let due = record.nextFireMicros, due <= now, skipped < 100_000,
            let following = schedule.nextFire(count: record.count + 1, last: JobRecord.date(due)).map(JobRecord.micros),
            following <= now
        {
            record.count += 1
            record.lastFireMicros = due
            record.nextFireMicros = following
            skipped += 1
        }
        return record
    }

    static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    static func micros(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1_000_000).rounded()
        guard value.isFinite else { return value > 0 ? .max : .min }
        return value >= 9.2e18 ? .max : value <= -9.2e18 ? .min : Int64(value)
    }
}
