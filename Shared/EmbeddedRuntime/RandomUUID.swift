import Glibc

/// Random (version 4) UUIDs as lowercase text, for CloudEvent ids and ETags: one `getrandom` call through
/// `arc4random_buf` and no formatting through `sprintf`, where FoundationEssentials' `UUID().uuidString` opens,
/// reads and closes `/dev/urandom` on every call (the top system calls of a publish).
enum RandomUUID {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase. The corresponding C function is `arc4random_buf`.
    static func text() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            arc4random_buf(raw.baseAddress!, 16)
            raw[6] = raw[6] & 0x0F | 0x40
            raw[8] = raw[8] & 0x3F | 0x80
            return String(unsafeUninitializedCapacity: 36) { buffer in
                var index = 0
                for offset in 0..<16 {
                    if offset == 4 || offset == 6 || offset == 8 || offset == 10 {
                        buffer[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    buffer[index] = digits[Int(raw[offset] >> 4)]
                    buffer[index + 1] = digits[Int(raw[offset] & 0x0F)]
                    index += 2
                }
                return 36
            }
        }
    }
}
