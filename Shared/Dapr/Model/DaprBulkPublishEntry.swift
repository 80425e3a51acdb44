import FoundationEssentials

/// One message of a bulk publish (`/v1.0-alpha1/publish/bulk/{pubsub}/{topic}`).
package struct DaprBulkPublishEntry: Sendable, Hashable {
    /// Unique within the request; failures are reported by this id.
    package var entryID: String
    /// The message bytes: JSON text for `application/json` and `application/cloudevents+json`, anything for
    /// `application/octet-stream` (sent base64-encoded), UTF-8 text for `text/*` and `application/xml`.
    package var event: [UInt8]
    /// Required by daprd: any other content type than the four above is answered 400 `ERR_PUBSUB_EVENTS_SER`.
    package var contentType: String
    /// Per-entry metadata. daprd merges the request-level metadata only into entries that carry a metadata object,
    /// so this client always sends one.
    package var metadata: [String: String]

    /// Creates an entry.
    package init(entryID: String, event: [UInt8], contentType: String, metadata: [String: String] = [:]) {
        self.entryID = entryID
        self.event = event
        self.contentType = contentType
        self.metadata = metadata
    }

    /// Writes `{"entryId","event","contentType","metadata"}`.
    func write(to writer: inout JSONBodyWriter) {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingASCIIWhitespace } ?? ""
        writer.beginObject()
        writer.key("entryId")
        writer.string(entryID)
        writer.key("event")
        switch mediaType.lowercased() {
        case "application/json", "application/cloudevents+json": writer.raw(event)
        case "application/octet-stream": writer.string(Data(event).base64EncodedString())
        default: writer.string(String(decoding: event, as: UTF8.self))
        }
        writer.key("contentType")
        writer.string(contentType)
        writer.key("metadata")
        writer.stringMap(metadata)
        writer.endObject()
    }
}

/// The answer to a bulk publish: empty when everything was published.
package struct DaprBulkPublishResult: Sendable, Hashable, Decodable {
    /// One entry daprd could not publish.
    package struct FailedEntry: Sendable, Hashable, Decodable {
        package var entryID: String
        package var error: String

        private enum CodingKeys: String, CodingKey {
            case entryID = "entryId"
            case error
        }
    }

    /// The entries that failed; the others were published.
    package var failedEntries: [FailedEntry]

    /// Creates a result.
    package init(failedEntries: [FailedEntry] = []) { self.failedEntries = failedEntries }

    /// Whether every entry was published.
    package var allPublished: Bool { failedEntries.isEmpty }

    private enum CodingKeys: String, CodingKey { case failedEntries }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        failedEntries = try container.decodeIfPresent([FailedEntry].self, forKey: .failedEntries) ?? []
    }
}
