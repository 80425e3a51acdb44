/// Computes SHA-256 for the audit hash chain; ``CryptoAuditHasher`` (libcrypto through the `Crypto` target) is the
/// one to use, and tests may inject another.
///
/// ```swift
/// let audit = SQLAuditStore(database: database, hasher: CryptoAuditHasher())
/// ```
package protocol AuditHasher: Sendable {
    /// The 32-byte SHA-256 digest of `bytes`.
    /// - Throws: when the digest cannot be computed.
    func sha256(_ bytes: [UInt8]) throws -> [UInt8]
}
