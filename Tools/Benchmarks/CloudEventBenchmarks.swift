import CloudEvents
import FoundationEssentials

/// Issue 3's rows: structured CloudEvent decode and encode, µs per event, for a typical ~600-byte task event, beside
/// Foundation's `JSONDecoder`/`JSONEncoder` on the same bytes measured in the same run.
struct CloudEventBenchmarks {
    static let event = Array(
        #"""
        {"specversion":"1.0","id":"9d1c8b0e-3f4a-4e62-8c1d-5b2f7a6e9c30","source":"/task-crud","type":"com.todo.task.created.v1","subject":"0b6f5a1e-5c0a-4f7e-9a51-1f0c2a9d7e11","time":"2026-11-26T05:00:00.000Z","datacontenttype":"application/json","partitionkey":"alice","pubsubname":"todo-pubsub","topic":"task-events","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","data":{"task":{"id":"0b6f5a1e-5c0a-4f7e-9a51-1f0c2a9d7e11","userId":"alice","title":"Buy groceries","status":"pending","priority":"high","tags":["home","errands"],"dueAt":"2026-11-27T17:00:00.000Z","timeZone":"Europe/Berlin","version":1}}}
        """#.utf8)

    func run(into report: Report) {
        do {
            let iterations = 200_000
            let decode = try timePerEvent(iterations) { _ = try CloudEvent(jsonBytes: Self.event) }
            let parsed = try CloudEvent(jsonBytes: Self.event)
            let encode = try timePerEvent(iterations) { _ = parsed.jsonBytes() }
            let decoder = JSONDecoder()
            let foundationDecode = try timePerEvent(iterations / 4) {
                _ = try decoder.decode(CodableEnvelope.self, from: Data(Self.event))
            }
            let envelope = try decoder.decode(CodableEnvelope.self, from: Data(Self.event))
            let encoder = JSONEncoder()
            let foundationEncode = try timePerEvent(iterations / 4) { _ = try encoder.encode(envelope) }
            report.add(
                BenchmarkRow(
                    name: "CloudEvent structured decode, \(Self.event.count) B (µs/event)", value: fixed(decode, 2),
                    target: "≤ 2 µs",
                    reference: "JSONDecoder \(fixed(foundationDecode, 2)) µs (\(fixed(foundationDecode / decode))x)"))
            report.add(
                BenchmarkRow(
                    name: "CloudEvent structured encode, \(Self.event.count) B (µs/event)", value: fixed(encode, 2),
                    target: "≤ 1.5 µs",
                    reference: "JSONEncoder \(fixed(foundationEncode, 2)) µs (\(fixed(foundationEncode / encode))x)"))
        } catch {
            report.failed("CloudEvent decode/encode", error)
        }
    }

    /// Median over 5 rounds of the time per call, in µs.
    private func timePerEvent(_ iterations: Int, _ body: () throws -> Void) throws -> Double {
        var rounds: [Double] = []
        for _ in 0..<5 {
            let start = monotonicNanos()
            for _ in 0..<iterations / 5 { try body() }
            rounds.append(Double(monotonicNanos() - start) / 1000 / Double(iterations / 5))
        }
        return median(rounds)
    }
}

/// The same event as a Codable struct: what Foundation's coders would do with it.
private struct CodableEnvelope: Codable {
    struct Payload: Codable {
        struct Task: Codable {
            var id, userId, title, status, priority: String
            var tags: [String]
            var dueAt, timeZone: String
            var version: Int
        }
        var task: Task
    }
    var specversion, id, source, type, subject, time, datacontenttype: String
    var partitionkey, pubsubname, topic, traceparent: String
    var data: Payload
}
