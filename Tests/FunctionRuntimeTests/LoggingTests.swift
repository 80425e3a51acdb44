import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import Glibc
import HTTPTypes
import JSON
import Testing

@Suite struct LoggingTests {
    @Test("records below the level are dropped without building the message")
    func levelFiltering() {
        let logs = TestLogHandler()
        let logger = logs.logger(level: .warning)
        var built = 0
        func expensive() -> String {
            built += 1
            return "expensive"
        }
        logger.debug("\(expensive())")
        logger.info("\(expensive())")
        logger.warning("Kept", metadata: ["task.id": "t1"])
        logger.critical("Also kept")
        #expect(built == 0)
        #expect(logs.messages == ["Kept", "Also kept"])
        #expect(logs.records.first?.metadata == ["task.id": "t1"])
    }

    @Test("call metadata is merged over the logger's")
    func metadataMerge() {
        let logs = TestLogHandler()
        var logger = logs.logger()
        logger[metadataKey: "function"] = "audit-log"
        logger[metadataKey: "ce.type"] = "old"
        logger.info("Stored", metadata: ["ce.type": "TaskCreated", "attempt": 2])
        #expect(logs.records.first?.metadata == ["function": "audit-log", "ce.type": "TaskCreated", "attempt": 2])
    }

    @Test("the runtime stamps function, request.id, traceparent and ce.id on the handler's logger")
    func runtimeStamps() async throws {
        let logs = TestLogHandler()
        var config = Configuration()
        config.functionName = "audit-log"
        let client = FunctionTestClient(
            ClosureFunction { _, context in
                context.logger.info("Audit entry stored", metadata: ["ce.type": "TaskCreated"])
                return HTTPResponse(status: .ok)
            }, configuration: config, logHandler: logs)
        let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        _ = try await client.execute(.post, "/", headers: ["ce-id": "e1", "traceparent": traceparent])
        let record = try #require(logs.records.first { $0.message == "Audit entry stored" })
        #expect(
            record.metadata == [
                "function": "audit-log", "request.id": "e1", "ce.id": "e1", "traceparent": .string(traceparent),
                "ce.type": "TaskCreated",
            ])
    }

    @Test("at debug level each handled request gets one access line with route, status and duration")
    func accessLine() async throws {
        let logs = TestLogHandler()
        var config = Configuration()
        config.logLevel = .debug
        let client = FunctionTestClient(
            ClosureFunction { _, _ in HTTPResponse(status: .accepted) }, configuration: config, logHandler: logs)
        _ = try await client.execute(.post, "/jobs/reminder-1", headers: ["x-request-id": "r2"])
        _ = try await client.execute(.get, "/health/readiness")
        #expect(logs.messages == ["Request handled"])
        let metadata = try #require(logs.records.first?.metadata)
        #expect(metadata["http.route"] == "*")
        #expect(metadata["http.method"] == "POST")
        #expect(metadata["http.status"] == 202)
        #expect(metadata["request.id"] == "r2")
        guard case .integer(let micros) = metadata["http.duration.us"] else {
            Issue.record("no duration")
            return
        }
        #expect(micros >= 0)
    }

    struct Line: Decodable {
        var time: String
        var level: String
        var message: String
        var function: String
        var requestID: String
        var attempt: Int
        var retry: Bool
        var note: String

        enum CodingKeys: String, CodingKey {
            case time, level, message, function, attempt, retry, note
            case requestID = "request.id"
        }
    }

    @Test("a JSON line has time, level, message, the leading ids, then the metadata, escaped")
    func jsonLine() throws {
        let record = LogRecord(
            level: .error, message: "Publish \"failed\"\n",
            metadata: ["note": "tab\there", "retry": true, "attempt": 3, "request.id": "r1", "function": "task-crud"],
            label: "task-crud")
        let text = String(decoding: JSONLogHandler.format(record, time: "2026-11-26T05:53:55.123Z"), as: UTF8.self)
        #expect(
            text.hasPrefix(
                #"{"time":"2026-11-26T05:53:55.123Z","level":"error","message":"Publish \"failed\"\n","function":"task-crud","request.id":"r1","attempt":3"#
            ))
        #expect(!text.contains("\n"))
        let line = try JSONCoding.decoder.decode(Line.self, from: Data(text.utf8))
        #expect(line.message == "Publish \"failed\"\n")
        #expect(line.note == "tab\there")
        #expect(line.attempt == 3 && line.retry)
    }

    @Test("the handler writes one newline-terminated line per record with a current UTC timestamp")
    func writesLines() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let logger = Logger(label: "x", handler: JSONLogHandler(fileDescriptor: fds[1]))
        logger.info("One")
        logger.info("Two", metadata: ["k": "v"])
        close(fds[1])
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        struct Minimal: Decodable { var time: String; var message: String }
        let first = try JSONCoding.decoder.decode(Minimal.self, from: Data(lines[0].utf8))
        #expect(first.message == "One")
        let stamp = try #require(JSONCoding.parseDate(first.time))
        #expect(abs(stamp.timeIntervalSinceNow) < 60)
        #expect(first.time.utf8.count == 24 && first.time.hasSuffix("Z"))
    }
}
