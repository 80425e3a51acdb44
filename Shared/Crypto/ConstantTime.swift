/// Comparisons whose timing does not reveal where two secrets differ.
package enum ConstantTime {
    /// Whether `lhs` and `rhs` are equal; the time taken depends only on the lengths (which are not secret).
    /// The corresponding C function is `CRYPTO_memcmp`.
    package static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { LibCrypto.constantTimeEqual(left, $0) } }
    }
}
