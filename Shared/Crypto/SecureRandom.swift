/// Cryptographically secure random bytes from libcrypto's DRBG (seeded by the OS).
package enum SecureRandom {
    /// `count` random bytes, for keys, secrets and tokens.
    /// The corresponding C function is `RAND_bytes`.
    /// - Parameter count: how many bytes (0 or more).
    /// - Returns: the bytes.
    /// - Throws: `CryptoError` with code `random` if the generator cannot be seeded.
    package static func bytes(count: Int) throws(CryptoError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(0, count))
        guard bytes.withUnsafeMutableBytes({ LibCrypto.randomBytes($0) }) else {
            throw CryptoError(code: .random, message: "RAND_bytes failed")
        }
        return bytes
    }
}
