import Glibc
import JSON

/// Writes each record as one JSON line on a file descriptor (stderr by default), in one `write(2)`.
///
/// Line shape: `{"time":"2026-11-26T05:53:55.123Z","level":"info","message":"…","function":"task-crud",
/// "request.id":"…","traceparent":"…","ce.id":"…", …other metadata, sorted by key}`.
package struct JSONLogHandler: LogHandler {
    private static let leadingKeys = ["function", "request.id", "traceparent", "ce.id"]
    private let fileDescriptor: Int32

    /// Creates a handler writing to `fileDescriptor` (2, stderr, by default).
    package init(fileDescriptor: Int32 = 2) { self.fileDescriptor = fileDescriptor }

    /// Formats and writes the record; a failed write is dropped, as logging must never fail a request.
    package func log(_ record: LogRecord) {
        var line = JSONLogHandler.format(record, time: JSONLogHandler.now())
        line.append(0x0A)
        line.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fileDescriptor, base + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// The JSON text of one record, without the newline.
    /// - Parameters:
    ///   - record: the record.
    ///   - time: the ISO 8601 UTC timestamp to write.
    /// - Returns: the UTF-8 bytes.
    package static func format(_ record: LogRecord, time: String) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.raw("{")
        writer.member("time", time, first: true)
        writer.member("level", record.level.rawValue)
        writer.member("message", record.message)
        for key in leadingKeys {
            if let value = record.metadata[key] { append(key, value, to: &writer) }
        }
        for key in record.metadata.keys.sorted() where !leadingKeys.contains(key) {
            if let value = record.metadata[key] { append(key, value, to: &writer) }
        }
        writer.raw("}")
        return writer.bytes
    }

    private static func append(_ key: String, _ value: MetadataValue, to writer: inout JSONWriter) {
        switch value {
        case .string(let text):
            writer.member(key, text)
        case .integer(let number):
            writer.raw(",")
            writer.string(key)
            writer.raw(":")
            writer.raw(String(number))
        case .boolean(let flag):
            writer.raw(",")
            writer.string(key)
            writer.raw(flag ? ":true" : ":false")
        }
    }

    /// The current time as `YYYY-MM-DDTHH:MM:SS.mmmZ`, from `clock_gettime` and `gmtime_r` (no Foundation
    /// formatter on the logging path).
    package static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var parts = tm()
        var seconds = spec.tv_sec
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
            + ".\(pad(spec.tv_nsec / 1_000_000, 3))Z"
    }
}
