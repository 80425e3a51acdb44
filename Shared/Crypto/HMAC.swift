/// HMAC (RFC 2104) with SHA-256, computed by libcrypto.
package enum HMAC {
    /// The 32-byte HMAC-SHA256 of `message` under `key` (any key length; long keys are hashed first).
    /// - Parameters:
    ///   - key: the secret key.
    ///   - message: the message to authenticate.
    /// - Returns: the MAC.
    /// - Throws: `CryptoError` with code `library` if libcrypto fails, which it does not for in-memory input.
    package static func sha256(key: [UInt8], message: [UInt8]) throws(CryptoError) -> [UInt8] {
        let mac = key.withUnsafeBytes { key in message.withUnsafeBytes { LibCrypto.hmacSHA256(key: key, message: $0) } }
        guard let mac else { throw CryptoError(code: .library, message: "HMAC-SHA256 failed") }
        return mac
    }

    /// Checks `mac` against the HMAC-SHA256 of `message` under `key`, in constant time.
    /// - Returns: whether they match.
    package static func isValidSHA256(_ mac: [UInt8], key: [UInt8], message: [UInt8]) -> Bool {
        guard let expected = try? sha256(key: key, message: message) else { return false }
        return ConstantTime.equals(expected, mac)
    }
}
