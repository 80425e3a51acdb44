import Crypto
import FoundationEssentials

/// The head of the audit chain: the last entry's sequence and hash.
package struct AuditChainHead: Sendable, Hashable {
    /// The last entry's sequence.
    package var sequence: Int64
    /// The last entry's hash.
    package var hash: [UInt8]

    /// Makes a head.
    package init(sequence: Int64, hash: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
    }
}

/// A signed checkpoint of the audit chain's head, kept outside the audit table (audit-log keeps it in the Dapr state
/// store): the chain must still reach `sequence` with `hash` there, so cutting entries off the end, or rewriting any
/// entry up to it, is detected even by someone who may rewrite the whole table. It also records where the keyed
/// links begin (`keyedFrom`), so turning keyed links back into recomputable keyless ones is found at the first one
/// changed. The MAC is HMAC-SHA256(chain key, "todofn-audit-checkpoint-v1" ‖ sequence ‖ keyedFrom, each as 8
/// big-endian bytes ‖ hash).
///
/// ```swift
/// let checkpoint = try AuditCheckpoint(head, keyedFrom: 1, key: chainKey, hasher: CryptoAuditHasher())
/// try await dapr.saveState(store: "todo-statestore", items: [DaprStateItem(key: key, value: checkpoint.json)])
/// ```
package struct AuditCheckpoint: Sendable, Hashable {
    /// The head it vouches for.
    package var head: AuditChainHead
    /// The sequence of the first keyed (version 2) entry: the ones before are the keyless rows from before the chain
    /// had a key.
    package var keyedFrom: Int64
    /// The HMAC over the head.
    package var mac: [UInt8]

    private static let label = Array("todofn-audit-checkpoint-v1".utf8)

    /// Signs `head` with the chain key.
    /// - Throws: when the HMAC cannot be computed.
    package init(_ head: AuditChainHead, keyedFrom: Int64, key: [UInt8], hasher: any AuditHasher) throws {
        self.head = head
        self.keyedFrom = keyedFrom
        self.mac = try hasher.hmacSHA256(key: key, Self.signedBytes(head, keyedFrom))
    }

    /// A checkpoint as read back, not yet checked.
    package init(head: AuditChainHead, keyedFrom: Int64, mac: [UInt8]) {
        self.head = head
        self.keyedFrom = keyedFrom
        self.mac = mac
    }

    /// Whether the MAC is the chain key's for this head (compared in constant time).
    package func isAuthentic(key: [UInt8], hasher: any AuditHasher) -> Bool {
        guard let expected = try? hasher.hmacSHA256(key: key, Self.signedBytes(head, keyedFrom)) else { return false }
        return ConstantTime.equals(expected, mac)
    }

    /// `{"sequence":N,"keyedFrom":K,"hash":"<hex>","mac":"<hex>"}`.
    package var json: [UInt8] {
        let hash = Hex.encode(head.hash)
        return Array(
            #"{"sequence":\#(head.sequence),"keyedFrom":\#(keyedFrom),"hash":"\#(hash)","mac":"\#(Hex.encode(mac))"}"#
                .utf8)
    }

    /// Reads ``json``; nil when it is not one.
    package init?(json: [UInt8]) {
        struct Stored: Decodable {
            var sequence: Int64
            var keyedFrom: Int64
            var hash: String
            var mac: String
        }
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(json)),
            let hash = try? Hex.decode(stored.hash), let mac = try? Hex.decode(stored.mac)
        else { return nil }
        self.init(
            head: AuditChainHead(sequence: stored.sequence, hash: hash), keyedFrom: stored.keyedFrom, mac: mac)
    }

    private static func signedBytes(_ head: AuditChainHead, _ keyedFrom: Int64) -> [UInt8] {
        func bigEndian(_ value: Int64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> Int64(56 - 8 * $0)) } }
        return label + bigEndian(head.sequence) + bigEndian(keyedFrom) + head.hash
    }
}
