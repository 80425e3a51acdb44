import FoundationEssentials
import PostgresClient

/// The bytes of an audit entry that its hash covers: the sequence as 8 big-endian bytes, then each field as a
/// 4-byte big-endian length and its UTF-8 (absent optionals as length 0xFFFFFFFF), instants as 8-byte
/// big-endian microseconds since 1970. Unambiguous, and the same on every backend.
package enum AuditCanonicalForm {
    /// The canonical bytes of `entry` at `sequence`.
    package static func bytes(_ entry: NewAuditEntry, sequence: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96 + entry.payload.utf8.count)
        func integer(_ value: Int64) {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> Int64(shift))) }
        }
        func field(_ text: String?) {
            guard let text else {
                bytes.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
                return
            }
            let count = UInt32(text.utf8.count)
            for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
            bytes.append(contentsOf: text.utf8)
        }
        integer(sequence)
        field(UUIDText.format(entry.eventID))
        field(entry.type)
        field(entry.source)
        field(entry.subject)
        field(entry.actor)
        field(entry.payload)
        integer(PostgresTimestamp.microseconds(entry.eventTime))
        integer(PostgresTimestamp.microseconds(entry.receivedAt))
        return bytes
    }

    /// SHA-256(previous ‖ canonical bytes).
    package static func hash(_ entry: NewAuditEntry, sequence: Int64, previous: [UInt8], hasher: any AuditHasher)
        throws -> [UInt8]
    {
        try hasher.sha256(previous + bytes(entry, sequence: sequence))
    }
}
