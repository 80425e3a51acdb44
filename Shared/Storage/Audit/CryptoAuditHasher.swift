import Crypto

/// ``AuditHasher`` over the `Crypto` target's libcrypto SHA-256.
package struct CryptoAuditHasher: AuditHasher {
    /// Makes a hasher.
    package init() {}

    /// SHA-256 of `bytes`.
    /// - Throws: `CryptoError` when libcrypto fails.
    package func sha256(_ bytes: [UInt8]) throws -> [UInt8] { try SHA256.hash(bytes) }
}
