/// Base64url (RFC 4648 §5) without padding, as JWTs use it.
package enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(index) }
        return table
    }()

    /// `bytes` as base64url text with no `=` padding.
    package static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(group >> UInt32(shift) & 0x3F)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let group = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out.append(alphabet[Int(group >> 18 & 0x3F)])
            out.append(alphabet[Int(group >> 12 & 0x3F)])
            if rest == 2 { out.append(alphabet[Int(group >> 6 & 0x3F)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of unpadded base64url `text`.
    /// - Throws: `CryptoError` with code `invalidEncoding` for padding, a character outside the alphabet, an
    ///   impossible length, or non-zero trailing bits (so each byte string has exactly one encoding).
    package static func decode(_ text: some StringProtocol) throws(CryptoError) -> [UInt8] {
        let symbols = Array(text.utf8)
        guard symbols.count % 4 != 1 else { throw invalid("impossible length") }
        var out = [UInt8]()
        out.reserveCapacity(symbols.count * 3 / 4)
        var group: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            let value = values[Int(symbol)]
            guard value != 0xFF else { throw invalid("invalid character") }
            group = group << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: group >> UInt32(bits)))
                group &= (1 << UInt32(bits)) - 1
            }
        }
        guard group == 0 else { throw invalid("non-zero trailing bits") }
        return out
    }

    private static func invalid(_ reason: String) -> CryptoError {
        CryptoError(code: .invalidEncoding, message: "base64url: \(reason)")
    }
}
