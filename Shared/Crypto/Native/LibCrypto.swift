internal import CCrypto

/// The few libcrypto (OpenSSL 3) one-shot calls this target uses; each takes Swift buffers and never keeps them.
enum LibCrypto {
    /// SHA-256 of `bytes`, 32 bytes; nil only if libcrypto fails.
    /// The corresponding C function is `SHA256`.
    static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        var ok = false
        let digest = [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
            let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyInput)
            ok = CCrypto.SHA256(data, bytes.count, digest.baseAddress) != nil
            count = ok ? 32 : 0
        }
        return ok ? digest : nil
    }

    /// HMAC-SHA256 of `message` under `key`, 32 bytes; nil only if libcrypto fails or the key exceeds 2 GiB.
    /// The corresponding C function is `HMAC` with `EVP_sha256`.
    static func hmacSHA256(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let keyLength = Int32(exactly: key.count) else { return nil }
        var ok = false
        let mac = [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
            var length: UInt32 = 0
            // OpenSSL 3 treats a NULL key as "reuse the previous key" and fails, so an empty key gets a real pointer.
            let keyPointer = key.baseAddress ?? UnsafeRawPointer(emptyInput)
            let data = message.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyInput)
            ok =
                CCrypto.HMAC(EVP_sha256(), keyPointer, keyLength, data, message.count, digest.baseAddress, &length)
                != nil
                && length == 32
            count = ok ? 32 : 0
        }
        return ok ? mac : nil
    }

    /// Whether two equal-length buffers match, in time that depends only on their length.
    /// The corresponding C function is `CRYPTO_memcmp`.
    static func constantTimeEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        precondition(lhs.count == rhs.count)
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }  // both empty
        return CRYPTO_memcmp(left, right, lhs.count) == 0
    }

    /// Fills `buffer` from the OS-seeded CSPRNG; false if libcrypto could not (e.g. no entropy source).
    /// The corresponding C function is `RAND_bytes`.
    static func randomBytes(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var offset = 0
        while offset < buffer.count {
            let chunk = Int32(min(buffer.count - offset, Int(Int32.max)))
            guard RAND_bytes(base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), chunk) == 1 else {
                return false
            }
            offset += Int(chunk)
        }
        return true
    }

    /// A valid pointer for empty inputs: libcrypto may reject NULL even with a length of 0.
    private nonisolated(unsafe) static let emptyInput: UnsafeMutablePointer<UInt8> = {
        let byte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        byte.initialize(to: 0)
        return byte
    }()
}
