/// SHA-256 (FIPS 180-4), computed by libcrypto.
package enum SHA256 {
    /// The 32-byte digest of `bytes`.
    /// - Parameter bytes: the message.
    /// - Returns: the digest.
    /// - Throws: `CryptoError` with code `library` if libcrypto fails (only if its provider cannot load).
    package static func hash(_ bytes: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let digest = bytes.withUnsafeBytes({ LibCrypto.sha256($0) }) else {
            throw CryptoError(code: .library, message: "SHA-256 failed")
        }
        return digest
    }

    /// The 32-byte digest of `text`'s UTF-8 bytes.
    /// - Parameter text: the message.
    /// - Returns: the digest.
    /// - Throws: `CryptoError` with code `library` if libcrypto fails.
    package static func hash(_ text: String) throws(CryptoError) -> [UInt8] {
        try hash(Array(text.utf8))
    }
}
