import Dapr
import FunctionRuntime
import HTTPTypes
import LiveUpdates
import WebSocket

/// What a new connection is sent before live events: the hello, then (with `since=`) every stored event after
/// `since`, or a `resync` when the history no longer reaches back that far.
struct ReplayPlan {
    /// Encoded frames, in order.
    var frames: [[UInt8]]
    /// The last seq they cover: live events must follow it.
    var lastSent: Int64

    /// Reads the user's latest seq and (with `since`) history from `todo-livestate`.
    /// - Throws: `HTTPError` 400 when `since` is ahead of the latest seq; `DaprError` or `LiveFormatError` when the
    ///   state cannot be read.
    static func load(userID: String, since: Int64?, dapr: any DaprClient) async throws -> ReplayPlan {
        let seqEntry = try await dapr.getState(store: LiveState.storeName, key: LiveState.seqKey(userID))
        var latest = seqEntry.flatMap { Int64(String(decoding: $0.value, as: UTF8.self).filter { $0 != " " }) } ?? 0
        guard let since else {
            return ReplayPlan(frames: [text(LiveFrames.hello(userID: userID, latestSeq: latest))], lastSent: latest)
        }
        var history: [LiveEvent] = []
        if since < latest, let entry = try await dapr.getState(store: LiveState.storeName, key: LiveState.historyKey(userID)) {
            history = try LiveHistory.decode(entry.value)
        }
        latest = max(latest, history.last?.seq ?? 0)
        guard since <= latest else {
            throw HTTPError(.badRequest, message: "since=\(since) is ahead of the latest seq \(latest)")
        }
        var frames = [text(LiveFrames.hello(userID: userID, latestSeq: latest))]
        let missed = history.filter { $0.seq > since }
        guard since == latest || missed.first?.seq == since + 1 else {
            frames.append(text(LiveFrames.resync(latestSeq: latest)))
            return ReplayPlan(frames: frames, lastSent: latest)
        }
        var lastSent = since
        for event in missed where event.seq == lastSent + 1 {
            frames.append(text(LiveFrames.event(event)))
            lastSent = event.seq
        }
        return ReplayPlan(frames: frames, lastSent: lastSent)
    }

    private static func text(_ payload: [UInt8]) -> [UInt8] { WebSocketFrameEncoder.encode(.text, payload: payload) }
}
