package import HTTPTypes

/// How a CloudEvent travels in an HTTP message (the three modes of the HTTP protocol binding).
package enum CloudEventHTTPMode: Sendable, Hashable {
    /// Attributes in `ce-` headers, `data` as the body, `Content-Type` = `datacontenttype`.
    case binary
    /// The whole event as `application/cloudevents+json`.
    case structured
    /// An array of events as `application/cloudevents-batch+json`.
    case batched

    /// Detects the mode from the headers, as the binding says: `application/cloudevents-batch…` is batched,
    /// `application/cloudevents…` structured (both case-insensitive), else binary when `ce-specversion` is present.
    ///
    /// An unsupported structured format (`application/cloudevents+avro`) with `ce-` headers is read as binary.
    /// - Parameter headers: the message headers.
    /// - Returns: the mode.
    /// - Throws: `CloudEventError.notACloudEvent` or `.unsupportedFormat` (both mean 415).
    package static func detect(_ headers: HTTPHeaders) throws(CloudEventError) -> CloudEventHTTPMode {
        let hasSpecVersionHeader = headers.contains("ce-specversion")
        if let contentType = headers["content-type"] {
            if MediaType.hasPrefix(contentType, "application/cloudevents-batch") {
                guard MediaType.isJSON(contentType) else {
                    throw CloudEventError(.unsupportedFormat, "batch format \(contentType) is not supported")
                }
                return .batched
            }
            if MediaType.hasPrefix(contentType, "application/cloudevents") {
                if MediaType.isJSON(contentType) { return .structured }
                if hasSpecVersionHeader { return .binary }
                throw CloudEventError(.unsupportedFormat, "event format \(contentType) is not supported")
            }
        }
        guard hasSpecVersionHeader else {
            throw CloudEventError(
                .notACloudEvent, "not a CloudEvent: no structured content type and no ce-specversion header")
        }
        return .binary
    }
}
