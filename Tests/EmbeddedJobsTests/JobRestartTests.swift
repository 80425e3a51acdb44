import EmbeddedJobs
import EmbeddedSeams
import FoundationEssentials
import HTTPTypes
import Synchronization
import Testing

/// Durability: jobs survive a stop, due ticks fire once after the next start, and a trigger cut short by the stop
/// fires again (at least once).
@Suite struct JobRestartTests {
    @Test("a job due while the engine was stopped fires once right after a new engine starts on the same file")
    func missedOneShot() async throws {
        let directory = JobsTestSupport.makeDirectory()
        defer { JobsTestSupport.removeDirectory(directory) }
        let path = "\(directory)/jobs.sqlite"
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        // Arrange: two jobs accepted by a first engine, which stops before they are due.
        let first = RecordingApp()
        let engine = JobsEngine(databasePath: path, appChannel: first.channel, now: { clock.now })
        try await engine.start()
        let oneShot = #"{"dueTime":"10s","data":{"k":"v"}}"#
        #expect(await engine.handle(JobsTestSupport.post("once", oneShot), appID: "app")?.status.code == 204)
        let recurring = #"{"schedule":"@every 1s","repeats":100}"#
        #expect(await engine.handle(JobsTestSupport.post("tick", recurring), appID: "other")?.status.code == 204)
        await engine.stop()
        #expect(first.count == 0)

        // Act: a minute later, a new engine on the same file.
        clock.advance(by: 60)
        let second = RecordingApp()
        let restarted = JobsEngine(databasePath: path, appChannel: second.channel, now: { clock.now })
        try await restarted.start()

        // Assert: each job fires once (the recurring one coalesces its 60 missed ticks), then waits for the clock.
        #expect(await JobsTestSupport.eventually { second.count == 2 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(second.count == 2)
        let once = try #require(second.deliveries.first { $0.request.target == "/job/once" })
        #expect(once.appID == "app" && String(decoding: once.request.body, as: UTF8.self) == #"{"k":"v"}"#)
        #expect(second.deliveries.contains { $0.appID == "other" && $0.request.target == "/job/tick" })
        // The one-shot job is deleted once its trigger returned, a moment after the app saw it.
        #expect(await JobsTestSupport.eventually { restarted.jobCount == 1 })
        #expect(
            await restarted.handle(HTTPRequest(method: .get, target: "/v1.0-alpha1/jobs/once"), appID: "app")?.status.code == 500)
        clock.advance(by: 1)
        restarted.wake()
        #expect(await JobsTestSupport.eventually { second.count == 3 })
        await restarted.stop()

        // A third start finds the recurring job where the second left it: nothing is due.
        let third = RecordingApp()
        let again = JobsEngine(databasePath: path, appChannel: third.channel, now: { clock.now })
        try await again.start()
        try await Task.sleep(for: .milliseconds(100))
        #expect(third.count == 0 && again.jobCount == 1)
        await again.stop()
    }

    @Test("a trigger in flight when the engine stops fires again after the restart")
    func inFlightRedelivered() async throws {
        let directory = JobsTestSupport.makeDirectory()
        defer { JobsTestSupport.removeDirectory(directory) }
        let path = "\(directory)/jobs.sqlite"
        let started = Mutex(0)
        // An app that never answers: the trigger is in flight until the engine stops.
        let hanging: AppChannel = { _, _ in
            started.withLock { $0 += 1 }
            try await Task.sleep(for: .seconds(60))
            return HTTPResponse(status: .ok)
        }
        let engine = JobsEngine(databasePath: path, appChannel: hanging)
        try await engine.start()
        #expect(
            await engine.handle(JobsTestSupport.post("slow", #"{"dueTime":"0s","data":1}"#), appID: "app")?.status.code == 204)
        #expect(await JobsTestSupport.eventually { started.withLock { $0 } == 1 })
        await engine.stop()

        let app = RecordingApp()
        let restarted = JobsEngine(databasePath: path, appChannel: app.channel)
        try await restarted.start()
        #expect(await JobsTestSupport.eventually { app.count == 1 })
        #expect(await JobsTestSupport.eventually { restarted.jobCount == 0 })
        await restarted.stop()
    }

    @Test("an accepted job is in the file before the 204: a second engine opened at once sees it")
    func committedBeforeAnswer() async throws {
        let directory = JobsTestSupport.makeDirectory()
        defer { JobsTestSupport.removeDirectory(directory) }
        let path = "\(directory)/jobs.sqlite"
        let engine = JobsEngine(databasePath: path, appChannel: RecordingApp().channel)
        try await engine.start()
        #expect(
            await engine.handle(JobsTestSupport.post("kept", #"{"schedule":"@daily","data":"x"}"#), appID: "app")?.status.code
                == 204)
        // Another engine reads the file while the first still runs (no close, no checkpoint).
        let reader = JobsEngine(databasePath: path, appChannel: RecordingApp().channel)
        try await reader.start()
        let get = await reader.handle(HTTPRequest(method: .get, target: "/v1.0-alpha1/jobs/kept"), appID: "app")
        #expect(get?.status.code == 200)
        #expect(get?.text.contains(#""value":"x""#) == true)
        await reader.stop()
        await engine.stop()
    }
}
