/// Computes SHA-256 for the audit hash chain; the `Crypto` target's libcrypto SHA-256 implements it.
///
/// ```swift
/// struct CryptoAuditHasher: AuditHasher {
///     func sha256(_ bytes: [UInt8]) -> [UInt8] { Crypto.SHA256.hash(bytes) }
/// }
/// ```
package protocol AuditHasher: Sendable {
    /// The 32-byte SHA-256 digest of `bytes`.
    func sha256(_ bytes: [UInt8]) -> [UInt8]
}
