import EmbeddedJobs
import EmbeddedSeams
import FoundationEssentials
import Glibc
import HTTPTypes
import Synchronization
import Testing

/// Shared fixtures of the jobs tests: a temp directory, a settable clock, a recording closure app channel.
enum JobsTestSupport {
    /// A fresh directory under /tmp; the caller removes it with `removeDirectory`.
    static func makeDirectory() -> String {
        var template = Array("/tmp/embedded-jobs-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { buffer -> String in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else {
                return "/tmp/embedded-jobs-\(UUID().uuidString)"
            }
            return String(cString: result)
        }
        return path
    }

    /// Removes a directory made by `makeDirectory` (SQLite's files only; no subdirectories).
    static func removeDirectory(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink("\(path)/jobs.sqlite\(suffix)") }
        rmdir(path)
    }

    /// Polls `condition` every 5 ms until it holds or `timeout` passes; returns whether it held.
    @discardableResult
    static func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }

    /// An RFC 3339 timestamp with milliseconds, in UTC.
    static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A POST of `body` to `/v1.0-alpha1/jobs/<name>`.
    static func post(_ name: String, _ body: String) -> HTTPRequest {
        HTTPRequest(method: .post, target: "/v1.0-alpha1/jobs/\(name)", body: Array(body.utf8))
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// An app channel that records every trigger and answers with a chosen status.
final class RecordingApp: Sendable {
    struct Delivery: Sendable {
        var appID: String
        var request: HTTPRequest
        var at: ContinuousClock.Instant
    }

    private let state: Mutex<(deliveries: [Delivery], status: Int)>

    init(status: Int = 200) { state = Mutex(([], status)) }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    var count: Int { state.withLock { $0.deliveries.count } }

    func answer(_ status: Int) { state.withLock { $0.status = status } }

    var channel: AppChannel {
        { [self] appID, request in
            let status = state.withLock { state -> Int in
                state.deliveries.append(Delivery(appID: appID, request: request, at: .now))
                return state.status
            }
            return HTTPResponse(status: HTTPStatus(code: status))
        }
    }
}

/// An engine on a fresh file, stopped and removed after `body`.
func withEngine(
    app: RecordingApp, clock: ManualClock? = nil, _ body: (JobsEngine, String) async throws -> Void
) async throws {
    let directory = JobsTestSupport.makeDirectory()
    defer { JobsTestSupport.removeDirectory(directory) }
    var now: @Sendable () -> Date = { Date() }
    if let clock { now = { clock.now } }
    let engine = JobsEngine(databasePath: "\(directory)/jobs.sqlite", appChannel: app.channel, now: now)
    try await engine.start()
    do {
        try await body(engine, directory)
    } catch {
        await engine.stop()
        throw error
    }
    await engine.stop()
}

extension HTTPResponse {
    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
}
