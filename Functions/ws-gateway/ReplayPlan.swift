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

    /// Reads the user's latest seq and (with `since`) the history slots of since+1…latest from `todo-livestate`, in
    /// one bulk read. The replay stops at the first slot that does not hold its seq; when that is the first one
    /// (overwritten by a newer seq, or missing), the gap is older than the history: `resync`.
    /// - Throws: `HTTPError` 400 when `since` is ahead of the latest seq; `DaprError` or `LiveFormatError` when the
    ///   state cannot be read.
    static func load(userID: String, since: Int64?, dapr: any DaprClient) async throws -> ReplayPlan {
        let seqEntry = try await dapr.getState(store: LiveState.storeName, key: LiveState.seqKey(userID))
        let latest = seqEntry.flatMap { Int64(String(decoding: $0.value, as: UTF8.self).filter { $0 != " " }) } ?? 0
        let hello = text(LiveFrames.hello(userID: userID, latestSeq: latest))
        guard let since else { return ReplayPlan(frames: [hello], lastSent: latest) }
        guard since <= latest else {
            throw HTTPError(.badRequest, message: "since=\(since) is ahead of the latest seq \(latest)")
        }
        let missed = try await stored(userID: userID, seqs: since + 1..<latest + 1, dapr: dapr)
        guard since == latest || !missed.isEmpty else {
            return ReplayPlan(frames: [hello, text(LiveFrames.resync(latestSeq: latest))], lastSent: latest)
        }
        return ReplayPlan(frames: [hello] + missed.map { text(LiveFrames.event($0)) }, lastSent: since + Int64(missed.count))
    }

    /// The events of `seqs` still in the history, in order, up to the first one that is not (none when the range
    /// is longer than the history).
    private static func stored(userID: String, seqs: Range<Int64>, dapr: any DaprClient) async throws -> [LiveEvent] {
        guard !seqs.isEmpty, seqs.count <= LiveState.historyLimit else { return [] }
        let items = try await dapr.getBulkState(
            store: LiveState.storeName, keys: seqs.map { LiveState.eventKey(userID, seq: $0) }, parallelism: nil,
            metadata: [:])
        // By key: daprd answers a parallel bulk get in no particular order.
        var values: [String: [UInt8]] = [:]
        for item in items { if let entry = item.entry { values[item.key] = entry.value } }
        var events: [LiveEvent] = []
        for seq in seqs {
            guard let value = values[LiveState.eventKey(userID, seq: seq)] else { break }
            let event = try LiveEvent(itemJSON: value)
            guard event.seq == seq else { break }
            events.append(event)
        }
        return events
    }

    private static func text(_ payload: [UInt8]) -> [UInt8] { WebSocketFrameEncoder.encode(.text, payload: payload) }
}
