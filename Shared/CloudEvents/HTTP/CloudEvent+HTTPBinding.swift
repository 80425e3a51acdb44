package import HTTPTypes
import JSON

extension CloudEvent {
    /// Decodes the one event of a binary or structured HTTP message (request or response).
    /// - Parameters:
    ///   - headers: the message headers.
    ///   - body: the message body.
    /// - Returns: the validated event.
    /// - Throws: `CloudEventError`; a batched message is `.invalidBatch` (use `decodeAll`).
    package static func decode(headers: HTTPHeaders, body: [UInt8]) throws(CloudEventError) -> CloudEvent {
        switch try CloudEventHTTPMode.detect(headers) {
        case .structured: return try CloudEvent(jsonBytes: body)
        case .binary: return try decodeBinary(headers: headers, body: body)
        case .batched: throw CloudEventError(.invalidBatch, "expected one event, got a batch")
        }
    }

    /// Decodes every event of an HTTP message in any mode (a batch yields zero or more).
    /// - Parameters:
    ///   - headers: the message headers.
    ///   - body: the message body.
    ///   - maxEvents: the largest batch accepted.
    /// - Returns: the validated events.
    /// - Throws: `CloudEventError`.
    package static func decodeAll(headers: HTTPHeaders, body: [UInt8], maxEvents: Int = 1000) throws(CloudEventError)
        -> [CloudEvent]
    {
        switch try CloudEventHTTPMode.detect(headers) {
        case .structured: return [try CloudEvent(jsonBytes: body)]
        case .binary: return [try decodeBinary(headers: headers, body: body)]
        case .batched: return try decodeBatch(body, maxEvents: maxEvents)
        }
    }

    /// Decodes the one event of an HTTP request.
    /// - Throws: `CloudEventError`; its `httpStatus` is the answer to send (400 or 415).
    package init(request: HTTPRequest) throws(CloudEventError) {
        self = try Self.decode(headers: request.headers, body: request.body)
    }

    /// Decodes the one event of an HTTP response (e.g. a function's reply event).
    /// - Throws: `CloudEventError`.
    package init(response: HTTPResponse) throws(CloudEventError) {
        self = try Self.decode(headers: response.headers, body: response.body)
    }

    /// Reads a binary-mode message: `ce-` headers (any case), `Content-Type` as `datacontenttype`, body as data.
    ///
    /// Header values are percent-decoded once; extension values arrive as strings (headers carry no type).
    /// A `ce-datacontenttype` header or a repeated `ce-` header is an error.
    package static func decodeBinary(headers: HTTPHeaders, body: [UInt8]) throws(CloudEventError) -> CloudEvent {
        var event = CloudEvent(id: "", source: "", type: "")
        event.specversion = ""
        var seen = Set<String>()
        for field in headers {
            guard field.name.utf8.count > 3, MediaType.hasPrefix(field.name, "ce-") else { continue }
            let name = String(
                decoding: field.name.utf8.dropFirst(3).map { ($0 >= 65 && $0 <= 90) ? $0 | 0x20 : $0 }, as: UTF8.self)
            guard seen.insert(name).inserted else {
                throw CloudEventError(.duplicateAttribute, "header ce-\(name) appears twice", attribute: name)
            }
            let value = try CloudEventHeaderValue.decode(field.value)
            switch name {
            case "id": event.id = value
            case "source": event.source = value
            case "specversion": event.specversion = value
            case "type": event.type = value
            case "dataschema": event.dataschema = value
            case "subject": event.subject = value
            case "time": event.time = value
            case "datacontenttype":
                throw CloudEventError(
                    .forbiddenHeader, "ce-datacontenttype must not be sent in binary mode; use Content-Type",
                    attribute: "datacontenttype")
            default:
                try checkExtensionName(name)
                event.extensions.appendUnchecked(name, .string(value))
            }
        }
        if event.specversion.isEmpty { throw missing("specversion") }
        event.datacontenttype = headers["content-type"]
        if !body.isEmpty { event.data = binaryModeData(body, contentType: event.datacontenttype) }
        try event.validate()
        return event
    }

    /// JSON content that parses is JSON data (so a JSON content type with a non-JSON body fails only when a
    /// handler asks for typed data); other content is text when it is UTF-8 and not declared binary
    /// (`application/octet-stream`, protobuf), as Dapr decides between `data` and `data_base64`; else bytes.
    private static func binaryModeData(_ body: [UInt8], contentType: String?) -> CloudEventData {
        guard let contentType, !MediaType.isJSON(contentType) else {
            return JSONScanner.isWellFormedValue(body)
                ? .trustedJSON(CloudEventData.trimmingWhitespace(body)) : .binary(body)
        }
        let essence = MediaType.essenceLowercased(contentType)
        if essence != "application/octet-stream", !essence.contains("protobuf"),
            let text = String(validating: body, as: UTF8.self)
        {
            return .text(text)
        }
        return .binary(body)
    }

    /// Encodes the event as HTTP headers and body in the given mode (binary by default, as sdk-go does).
    ///
    /// Binary: `ce-` headers percent-encoded, `Content-Type` from `datacontenttype` (or `application/json` when
    /// JSON data only implied it), never `ce-datacontenttype`. Structured: `application/cloudevents+json`. Both
    /// modes also carry a non-empty `traceparent`/`tracestate` extension as the W3C headers, so the trace goes on.
    /// - Parameter mode: `.binary` or `.structured` (`.batched` writes a batch of one).
    /// - Returns: the headers and body.
    package func httpMessage(mode: CloudEventHTTPMode = .binary) -> (headers: HTTPHeaders, body: [UInt8]) {
        var headers = HTTPHeaders()
        let body: [UInt8]
        switch mode {
        case .structured:
            headers.add(name: "Content-Type", value: Self.jsonContentType)
            body = jsonBytes()
        case .batched:
            headers.add(name: "Content-Type", value: Self.batchContentType)
            body = Self.batchJSONBytes([self])
        case .binary:
            headers.add(name: "ce-specversion", value: CloudEventHeaderValue.encode(specversion))
            headers.add(name: "ce-id", value: CloudEventHeaderValue.encode(id))
            headers.add(name: "ce-source", value: CloudEventHeaderValue.encode(source))
            headers.add(name: "ce-type", value: CloudEventHeaderValue.encode(type))
            if let subject { headers.add(name: "ce-subject", value: CloudEventHeaderValue.encode(subject)) }
            if let time { headers.add(name: "ce-time", value: CloudEventHeaderValue.encode(time)) }
            if let dataschema { headers.add(name: "ce-dataschema", value: CloudEventHeaderValue.encode(dataschema)) }
            for element in extensions {
                headers.add(name: "ce-" + element.name, value: CloudEventHeaderValue.encode(element.value.canonicalString))
            }
            if let datacontenttype {
                headers.add(name: "Content-Type", value: datacontenttype)
            } else if data?.kind == .json {
                headers.add(name: "Content-Type", value: "application/json")
            }
            body = data?.bytes ?? []
        }
        if let traceparent { headers.add(name: "traceparent", value: traceparent) }
        if let tracestate { headers.add(name: "tracestate", value: tracestate) }
        return (headers, body)
    }

    /// Encodes events as one batched-mode message.
    package static func batchHTTPMessage(_ events: [CloudEvent]) -> (headers: HTTPHeaders, body: [UInt8]) {
        (["Content-Type": batchContentType], batchJSONBytes(events))
    }
}

extension HTTPRequest {
    /// A request carrying `event` in the given mode.
    /// - Parameters:
    ///   - method: the method, POST by default.
    ///   - target: the request target, e.g. `/events`.
    ///   - event: the event.
    ///   - mode: binary (default) or structured.
    package init(method: HTTPMethod = .post, target: String, event: CloudEvent, mode: CloudEventHTTPMode = .binary) {
        let message = event.httpMessage(mode: mode)
        self.init(method: method, target: target, headers: message.headers, body: message.body)
    }
}

extension HTTPResponse {
    /// A response carrying `event` in the given mode (a function's reply event).
    package init(status: HTTPStatus = .ok, event: CloudEvent, mode: CloudEventHTTPMode = .binary) {
        let message = event.httpMessage(mode: mode)
        self.init(status: status, headers: message.headers, body: message.body)
    }
}
