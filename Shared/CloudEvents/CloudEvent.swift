package import FoundationEssentials
import JSON

/// A CloudEvents 1.0.2 event: the context attributes, the extensions and the payload.
///
/// The initialiser does not validate, so a handler can build an event step by step; call `validate()` before
/// sending. Every decoder (JSON format, HTTP binding) validates before it returns.
///
/// ```swift
/// var event = CloudEvent(id: "e1", source: "/task-crud", type: "com.todo.task.created.v1")
/// event.subject = "task-42"
/// event.data = try .json(payload)
/// let body = event.jsonBytes()
/// ```
package struct CloudEvent: Sendable, Equatable {
    /// The only spec version this library produces and accepts.
    package static let specVersion = "1.0"

    /// Identifies the event; `source` + `id` is unique per distinct event.
    package var id: String
    /// The context in which the event happened (a URI reference, e.g. `/task-crud`).
    package var source: String
    /// The spec version, always `1.0` for a valid event.
    package var specversion: String
    /// The kind of event, e.g. `com.todo.task.created.v1`.
    package var type: String
    /// The media type of `data` (RFC 2046); absent means `application/json` in the JSON format.
    package var datacontenttype: String?
    /// An absolute URI of the schema `data` adheres to.
    package var dataschema: String?
    /// The subject of the event within its source, e.g. a task id.
    package var subject: String?
    /// When the occurrence happened, as RFC 3339 text.
    package var time: String?
    /// Extension attributes (Dapr adds `topic`, `pubsubname`, `traceid`, `traceparent`, `tracestate`).
    package var extensions: CloudEventExtensions
    /// The payload, if any.
    package var data: CloudEventData?

    /// Creates an event; `specversion` is `1.0`.
    package init(
        id: String, source: String, type: String, datacontenttype: String? = nil, dataschema: String? = nil,
        subject: String? = nil, time: String? = nil, extensions: CloudEventExtensions = [:],
        data: CloudEventData? = nil
    ) {
        self.id = id
        self.source = source
        self.specversion = Self.specVersion
        self.type = type
        self.datacontenttype = datacontenttype
        self.dataschema = dataschema
        self.subject = subject
        self.time = time
        self.extensions = extensions
        self.data = data
    }

    /// `time` as a Date, when present and RFC 3339.
    package var timestamp: Date? {
        get { time.flatMap(RFC3339.parse) }
        set { time = newValue.map { RFC3339.format($0) } }
    }

    /// The W3C `traceparent` carried as an extension (Distributed Tracing extension), if any and not empty.
    package var traceparent: String? {
        get { extensions["traceparent"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        set { extensions["traceparent"] = newValue.map { .string($0) } }
    }

    /// The W3C `tracestate` carried as an extension, if any and not empty.
    package var tracestate: String? {
        get { extensions["tracestate"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        set { extensions["tracestate"] = newValue.map { .string($0) } }
    }

    /// Whether `data` is JSON by the content type: absent, `*/json` or `*/*+json` (parameters ignored).
    package var hasJSONContentType: Bool { datacontenttype.map(MediaType.isJSON) ?? true }

    /// Decodes the JSON payload into `T` with `JSONDecoder`, the only place the event body meets Codable.
    /// - Parameters:
    ///   - type: the payload type.
    ///   - decoder: the decoder to use (dates, keys).
    /// - Returns: the decoded payload.
    /// - Throws: `CloudEventError.invalidData` when there is no data, the data is not JSON or does not fit `T`.
    package func decodeData<T: Decodable>(as type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws(CloudEventError)
        -> T
    {
        guard let data else { throw CloudEventError(.invalidData, "the event has no data", attribute: "data") }
        guard data.kind == .json || hasJSONContentType else {
            throw CloudEventError(
                .invalidData, "data has content type \(datacontenttype ?? "") which is not JSON", attribute: "data")
        }
        do {
            return try decoder.decode(T.self, from: Data(data.bytes))
        } catch {
            throw CloudEventError(.invalidData, "data does not decode as \(T.self): \(error)", attribute: "data")
        }
    }
}
