import Glibc
import Synchronization

/// Random (version 4) UUIDs as lowercase text, for CloudEvent ids and ETags, with no formatting through `sprintf`,
/// where FoundationEssentials' `UUID().uuidString` opens, reads and closes `/dev/urandom` on every call (the top
/// system calls of a publish). The random bytes come from `arc4random_buf` 4 KiB at a time: glibc 2.36 answers
/// each call with a `getrandom` system call, which was one per published event.
enum RandomUUID {
    private static let digits = Array("0123456789abcdef".utf8)
    /// Random bytes not handed out yet: `bytes[offset...]`.
    private static let pool = Mutex<(bytes: [UInt8], offset: Int)>(([UInt8](repeating: 0, count: 4096), 4096))

    /// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lowercase. The corresponding C function is `arc4random_buf`.
    static func text() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            pool.withLock { pool in
                if pool.offset + 16 > pool.bytes.count {
                    pool.bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
                    pool.offset = 0
                }
                for index in 0..<16 { raw[index] = pool.bytes[pool.offset + index] }
                pool.offset += 16
            }
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
