import Crypto
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Storage

/// Audit answers, written byte by byte: each entry's `data` is the stored JSON embedded as it is (it is what the
/// hash covers), which `JSONEncoder` cannot do without parsing it again.
enum AuditPageJSON {
    /// `{"entries":[{sequence, eventId, type, source, subject?, actor?, eventTime, receivedAt, data, previousHash,
    /// hash}], "nextCursor": "…"?}` with hashes in hex.
    static func response(_ page: AuditPage) -> HTTPResponse {
        var writer = JSONWriter(capacity: 256 + page.entries.count * 512)
        writer.raw("{\"entries\":[")
        for (index, record) in page.entries.enumerated() {
            if index > 0 { writer.raw(",") }
            entry(record, into: &writer)
        }
        writer.raw("]")
        if let next = page.nextCursor { writer.member("nextCursor", String(next)) }
        writer.raw("}")
        return HTTPResponse(headers: ["Content-Type": "application/json"], body: writer.bytes)
    }

    /// `{"valid": true}` or `{"valid": false, "firstBroken": {sequence, eventId?, reason}}` (no `eventId` when the
    /// entry is missing: the chain ends before its signed checkpoint).
    static func verification(_ broken: AuditChainBreak?) -> HTTPResponse {
        var writer = JSONWriter()
        if let broken {
            writer.raw("{\"valid\":false,\"firstBroken\":{\"sequence\":")
            writer.raw(String(broken.sequence))
            if let eventID = broken.eventID { writer.member("eventId", eventID.uuidString.lowercased()) }
            writer.member("reason", broken.reason)
            writer.raw("}}")
        } else {
            writer.raw("{\"valid\":true}")
        }
        return HTTPResponse(headers: ["Content-Type": "application/json"], body: writer.bytes)
    }

    private static func entry(_ record: AuditRecord, into writer: inout JSONWriter) {
        let entry = record.entry
        writer.raw("{\"sequence\":")
        writer.raw(String(record.sequence))
        writer.member("eventId", entry.eventID.uuidString.lowercased())
        writer.member("type", entry.type)
        writer.member("source", entry.source)
        if let subject = entry.subject { writer.member("subject", subject) }
        if let actor = entry.actor { writer.member("actor", actor) }
        writer.member("eventTime", JSONCoding.format(entry.eventTime))
        writer.member("receivedAt", JSONCoding.format(entry.receivedAt))
        writer.raw(",\"data\":")
        writer.raw(entry.payload)
        writer.member("previousHash", Hex.encode(record.previousHash))
        writer.member("hash", Hex.encode(record.hash))
        writer.raw("}")
    }
}
