import FoundationEssentials
package import JSON

extension CloudEvent {
    /// The media type of the JSON event format.
    package static let jsonContentType = "application/cloudevents+json"
    /// The media type of the JSON batch format.
    package static let batchContentType = "application/cloudevents-batch+json"

    /// Decodes and validates one event in the JSON format (`application/cloudevents+json`).
    ///
    /// A repeated member is an error (`duplicateAttribute`), not last-wins: the spec allows each attribute once,
    /// and two readers of an ambiguous event must not disagree. `null` means absent. `data` stays the raw JSON
    /// text (a JSON string stays a string) until `decodeData(as:)`.
    /// - Parameter jsonBytes: the UTF-8 body.
    /// - Throws: `CloudEventError` naming the member or byte at fault.
    package init(jsonBytes: [UInt8]) throws(CloudEventError) {
        self = try jsonBytes.withUnsafeBufferPointer { buffer throws(CloudEventError) in
            var scanner = JSONScanner(buffer)
            let event = try EnvelopeReader.read(&scanner)
            scanner.skipWhitespace()
            guard scanner.isAtEnd else { throw scanner.error("trailing content after the event") }
            return event
        }
    }

    /// Decodes one event object at the scanner's cursor and leaves the cursor after it: for a reader of a body that
    /// embeds events in its own JSON (daprd's bulk delivery), so each event is read in place and its `data` keeps
    /// its exact JSON text. No check of what follows the object.
    /// - Parameter scanner: a scanner whose cursor is at (or whitespace before) the event's `{`.
    /// - Throws: `CloudEventError` naming the member or byte at fault.
    package init(jsonObjectAt scanner: inout JSON.JSONScanner<CloudEventError>) throws(CloudEventError) {
        self = try EnvelopeReader.read(&scanner)
    }

    /// Decodes a JSON batch (`application/cloudevents-batch+json`): an array of events, possibly empty.
    /// - Parameters:
    ///   - batchBytes: the UTF-8 body.
    ///   - maxEvents: the most events accepted.
    /// - Returns: the events in order.
    /// - Throws: `CloudEventError.invalidBatch` when the body is not an array or mixes spec versions,
    ///   `.tooLarge` above `maxEvents`, or the first event's own error.
    package static func decodeBatch(_ batchBytes: [UInt8], maxEvents: Int = 1000) throws(CloudEventError)
        -> [CloudEvent]
    {
        try batchBytes.withUnsafeBufferPointer { buffer throws(CloudEventError) in
            var scanner = JSONScanner(buffer)
            scanner.skipWhitespace()
            guard scanner.peek() == UInt8(ascii: "[") else {
                throw CloudEventError(.invalidBatch, "a batch must be a JSON array of events")
            }
            scanner.index += 1
            scanner.skipWhitespace()
            var events: [CloudEvent] = []
            if scanner.peek() == UInt8(ascii: "]") {
                scanner.index += 1
            } else {
                while true {
                    guard events.count < maxEvents else {
                        throw CloudEventError(.tooLarge, "the batch holds more than \(maxEvents) events")
                    }
                    do throws(CloudEventError) {
                        events.append(try EnvelopeReader.read(&scanner))
                    } catch {
                        var error = error
                        error.message = "batch event \(events.count): \(error.message)"
                        if error.code == .unsupportedSpecVersion, !events.isEmpty {
                            error.code = .invalidBatch
                            error.message = "batch mixes spec versions; " + error.message
                        }
                        throw error
                    }
                    scanner.skipWhitespace()
                    guard let next = scanner.peek() else { throw scanner.error("unterminated batch") }
                    scanner.index += 1
                    if next == UInt8(ascii: "]") { break }
                    guard next == UInt8(ascii: ",") else { throw scanner.error("expected ',' or ']' in the batch") }
                }
            }
            scanner.skipWhitespace()
            guard scanner.isAtEnd else { throw scanner.error("trailing content after the batch") }
            return events
        }
    }

    /// Encodes the event in the JSON format: core attributes, then extensions, then `data` (embedded for JSON
    /// content, a string for other text, `data_base64` for bytes). No validation: call `validate()` first when
    /// the event did not come from a decoder.
    package func jsonBytes() -> [UInt8] {
        var writer = JSONWriter(capacity: 256 + (data?.bytes.count ?? 0) * 4 / 3)
        write(to: &writer)
        return writer.bytes
    }

    /// Encodes events as a JSON batch (an array).
    package static func batchJSONBytes(_ events: [CloudEvent]) -> [UInt8] {
        var writer = JSONWriter(capacity: events.reduce(2) { $0 + 256 + ($1.data?.bytes.count ?? 0) * 4 / 3 })
        writer.raw(UInt8(ascii: "["))
        for (position, event) in events.enumerated() {
            if position > 0 { writer.raw(UInt8(ascii: ",")) }
            event.write(to: &writer)
        }
        writer.raw(UInt8(ascii: "]"))
        return writer.bytes
    }

    private func write(to writer: inout JSONWriter) {
        writer.raw("{\"specversion\":")
        writer.string(specversion)
        writer.key("id")
        writer.string(id)
        writer.key("source")
        writer.string(source)
        writer.key("type")
        writer.string(type)
        if let subject {
            writer.key("subject")
            writer.string(subject)
        }
        if let time {
            writer.key("time")
            writer.string(time)
        }
        if let datacontenttype {
            writer.key("datacontenttype")
            writer.string(datacontenttype)
        }
        if let dataschema {
            writer.key("dataschema")
            writer.string(dataschema)
        }
        for element in extensions {
            writer.raw(UInt8(ascii: ","))
            writer.string(element.name)
            writer.raw(UInt8(ascii: ":"))
            switch element.value {
            case .integer(let value): writer.raw(Array(String(value).utf8))
            case .boolean(let value): writer.raw(value ? "true" : "false")
            default: writer.string(element.value.canonicalString)
            }
        }
        if let data {
            switch data.kind {
            case .json:
                writer.key("data")
                writer.raw(data.bytes)
            case .text where !hasJSONContentType:
                writer.key("data")
                writer.string(String(decoding: data.bytes, as: UTF8.self))
            case .text, .binary:
                writer.key("data_base64")
                writer.raw(UInt8(ascii: "\""))
                writer.raw(Array(Data(data.bytes).base64EncodedData()))
                writer.raw(UInt8(ascii: "\""))
            }
        }
        writer.raw(UInt8(ascii: "}"))
    }
}
