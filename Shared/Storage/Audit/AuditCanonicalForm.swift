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

    /// The chain link of `entry` at `sequence` after `previous`, in chain version `version`:
    /// - 1 (the first rows, before the chain had a key): SHA-256(previous ‖ canonical bytes), which anyone who can
    ///   write the table can recompute;
    /// - 2: HMAC-SHA256(chain key, previous ‖ canonical bytes), which needs the key from the secret store.
    /// - Throws: when the digest fails, or for version 2 without a key or an unknown version.
    package static func hash(
        _ entry: NewAuditEntry, sequence: Int64, previous: [UInt8], version: Int, key: [UInt8]?,
        hasher: any AuditHasher
    ) throws -> [UInt8] {
        let message = previous + bytes(entry, sequence: sequence)
        switch (version, key) {
        case (1, _): return try hasher.sha256(message)
        case (2, let key?): return try hasher.hmacSHA256(key: key, message)
        default:
            throw StorageError(.corruptData, message: "audit chain version \(version) cannot be computed without its key")
        }
    }
}
