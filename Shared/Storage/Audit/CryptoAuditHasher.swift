import Crypto

/// ``AuditHasher`` over the `Crypto` target's libcrypto SHA-256 and HMAC.
package struct CryptoAuditHasher: AuditHasher {
    /// Makes a hasher.
    package init() {}

    /// SHA-256 of `bytes`.
    /// - Throws: `CryptoError` when libcrypto fails.
    package func sha256(_ bytes: [UInt8]) throws -> [UInt8] { try SHA256.hash(bytes) }

    /// HMAC-SHA256 of `bytes` under `key`.
    /// - Throws: `CryptoError` when libcrypto fails.
    package func hmacSHA256(key: [UInt8], _ bytes: [UInt8]) throws -> [UInt8] {
        try HMAC.sha256(key: key, message: bytes)
    }
}
