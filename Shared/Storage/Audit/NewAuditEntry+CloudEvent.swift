package import CloudEvents
package import FoundationEssentials
import JSON

extension NewAuditEntry {
    /// The audit entry for a delivered event.
    ///
    /// - The event id is the entry's key: a UUID as it is; any other id (events from foreign sources) becomes a
    ///   name-based UUID of SHA-256(`source` ‖ NUL ‖ `id`), so a redelivery maps to the same key.
    /// - The actor is the `partitionkey` extension: the user id on every todo event, and what ordering and user
    ///   isolation already rely on.
    /// - The payload is the data's JSON text byte for byte; text data becomes a JSON string, binary data
    ///   `{"data_base64":"…"}`, no data `null`.
    /// - The event time is `time`, else `receivedAt`.
    /// - Parameters:
    ///   - event: the delivered event.
    ///   - receivedAt: when the audit log received it.
    ///   - hasher: SHA-256, for ids that are not UUIDs.
    /// - Throws: when the hasher fails.
    package init(_ event: CloudEvent, receivedAt: Date, hasher: any AuditHasher) throws {
        let eventID =
            try UUID(uuidString: event.id)
            ?? Self.nameBasedID(hasher.sha256(Array(event.source.utf8) + [0] + Array(event.id.utf8)))
        self.init(
            eventID: eventID, type: event.type, source: event.source, subject: event.subject,
            actor: event.extensions["partitionkey"]?.stringValue, payload: Self.payload(event.data),
            eventTime: event.timestamp ?? receivedAt, receivedAt: receivedAt)
    }

    private static func payload(_ data: CloudEventData?) -> String {
        guard let data else { return "null" }
        switch data.kind {
        case .json: return String(decoding: data.bytes, as: UTF8.self)
        case .text: return quoted(String(decoding: data.bytes, as: UTF8.self))
        case .binary: return #"{"data_base64":"# + quoted(Data(data.bytes).base64EncodedString()) + "}"
        }
    }

    /// `text` as a JSON string, byte for byte as `JSONEncoder` wrote it when the chain began (`/` as `\/`): these
    /// bytes are in the payload the hash covers, so they must never change (docs/security.md).
    private static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONEscaping.solidus.append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A version-8 (custom) UUID from the first 16 bytes of a digest.
    private static func nameBasedID(_ digest: [UInt8]) -> UUID {
        var bytes = Array(digest.prefix(16)) + [UInt8](repeating: 0, count: max(0, 16 - digest.count))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
