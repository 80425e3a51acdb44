/// Computes the digests of the audit chain: SHA-256 (version 1 links, name-based ids) and HMAC-SHA256 under the chain
/// key (version 2 links, checkpoints); ``CryptoAuditHasher`` (libcrypto through the `Crypto` target) is the one to
/// use, and tests may inject another.
///
/// ```swift
/// let audit = SQLAuditStore(database: database, hasher: CryptoAuditHasher(), chainKey: key)
/// ```
package protocol AuditHasher: Sendable {
    /// The 32-byte SHA-256 digest of `bytes`.
    /// - Throws: when the digest cannot be computed.
    func sha256(_ bytes: [UInt8]) throws -> [UInt8]

    /// The 32-byte HMAC-SHA256 of `bytes` under `key`.
    /// - Throws: when the MAC cannot be computed.
    func hmacSHA256(key: [UInt8], _ bytes: [UInt8]) throws -> [UInt8]
}
