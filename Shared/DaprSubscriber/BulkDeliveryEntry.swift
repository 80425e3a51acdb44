package import CloudEvents
import JSON

/// One entry of a Dapr bulk delivery (`{"entries":[{"entryId","event","contentType","metadata"}], …}`), read in one
/// pass over the body: each `event` object is decoded in place, so its `data` keeps its exact JSON text, as a single
/// structured delivery's does.
package struct BulkDeliveryEntry: Sendable {
    /// The one JSON scanner (`Shared/JSON`), failing with `CloudEventError`, as CloudEvents' own readers do.
    private typealias Scanner = JSONScanner<CloudEventError>

    /// What an entry carries.
    package enum Payload: Sendable {
        /// A CloudEvent object, decoded.
        case event(CloudEvent)
        /// A JSON string: the base64 of a raw payload (`rawPayload` subscriptions).
        case text(String)
        /// Anything else, or an event object that is not a valid CloudEvent.
        case invalid(CloudEventError)
    }

    /// `entryId`: the key of the entry's status in the answer.
    package var entryID: String
    /// `contentType`, if given.
    package var contentType: String?
    /// The entry's `event`.
    package var payload: Payload

    /// Reads the entries of a bulk delivery body. Entries that are not objects or have no string `entryId` are
    /// left out: they cannot be answered.
    /// - Parameter body: the request body.
    /// - Throws: `CloudEventError` when the body is not well-formed JSON, not an object, or has no `entries` array.
    package static func decodeAll(_ body: [UInt8]) throws(CloudEventError) -> [BulkDeliveryEntry] {
        try body.withUnsafeBufferPointer { buffer throws(CloudEventError) in
            var scanner = Scanner(buffer)
            var entries: [BulkDeliveryEntry]?
            try forEachMember(&scanner) { key, scanner throws(CloudEventError) in
                if key == "entries", scanner.peek() == UInt8(ascii: "[") {
                    entries = try readEntries(&scanner)
                } else {
                    try scanner.skipValue()
                }
            }
            scanner.skipWhitespace()
            guard scanner.isAtEnd else { throw scanner.error("trailing content after the bulk delivery") }
            guard let entries else { throw CloudEventError(.invalidJSON, "a bulk delivery needs an entries array") }
            return entries
        }
    }

    private static func readEntries(_ scanner: inout Scanner) throws(CloudEventError) -> [BulkDeliveryEntry] {
        try scanner.expect(UInt8(ascii: "["))
        var entries: [BulkDeliveryEntry] = []
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return entries
        }
        while true {
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "{") {
                if let entry = try readEntry(&scanner) { entries.append(entry) }
            } else {
                try scanner.skipValue()
            }
            scanner.skipWhitespace()
            guard let byte = scanner.peek() else { throw scanner.error("unexpected end") }
            scanner.index += 1
            if byte == UInt8(ascii: "]") { return entries }
            guard byte == UInt8(ascii: ",") else { throw scanner.error("expected ',' or ']'") }
        }
    }

    private static func readEntry(_ scanner: inout Scanner) throws(CloudEventError) -> BulkDeliveryEntry? {
        var entryID: String?
        var contentType: String?
        var payload = Payload.invalid(CloudEventError(.invalidJSON, "the entry has no event"))
        try forEachMember(&scanner) { key, scanner throws(CloudEventError) in
            switch (key, scanner.peek()) {
            case ("entryId", UInt8(ascii: "\"")?): entryID = try scanner.makeString(try scanner.scanString())
            case ("contentType", UInt8(ascii: "\"")?): contentType = try scanner.makeString(try scanner.scanString())
            case ("event", UInt8(ascii: "\"")?): payload = .text(try scanner.makeString(try scanner.scanString()))
            case ("event", UInt8(ascii: "{")?):
                let start = scanner.index
                do throws(CloudEventError) {
                    try scanner.skipValue()
                } catch {
                    // One unreadable event (nested too deep, malformed inside) must not cost the other entries:
                    // step over its brackets and answer it alone; when even that fails, the body is unreadable.
                    scanner.index = start
                    guard scanner.skipBrackets() else { throw error }
                    payload = .invalid(error)
                    return
                }
                var event = Scanner(UnsafeBufferPointer(rebasing: scanner.bytes[start..<scanner.index]))
                do throws(CloudEventError) {
                    payload = .event(try CloudEvent(jsonObjectAt: &event))
                } catch {
                    payload = .invalid(error)
                }
            case ("event", _):
                try scanner.skipValue()
                payload = .invalid(CloudEventError(.invalidJSON, "an entry's event must be an object or a string"))
            default: try scanner.skipValue()
            }
        }
        return entryID.map { BulkDeliveryEntry(entryID: $0, contentType: contentType, payload: payload) }
    }

    /// Calls `body` for each member of the object at the cursor, with the cursor on the member's value (which
    /// `body` must consume); keys with escapes are unescaped.
    private static func forEachMember(
        _ scanner: inout Scanner, _ body: (String, inout Scanner) throws(CloudEventError) -> Void
    ) throws(CloudEventError) {
        try scanner.expect(UInt8(ascii: "{"))
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.index += 1
            return
        }
        while true {
            scanner.skipWhitespace()
            let key = try scanner.makeString(try scanner.scanString())
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            try body(key, &scanner)
            scanner.skipWhitespace()
            guard let byte = scanner.peek() else { throw scanner.error("unexpected end") }
            scanner.index += 1
            if byte == UInt8(ascii: "}") { return }
            guard byte == UInt8(ascii: ",") else { throw scanner.error("expected ',' or '}'") }
        }
    }
}
