/// User ids: compared as bytes, and accepted at the edge only in one spelling.
///
/// Swift's `==` on `String` is canonical equivalence ("jose\u{301}" == "josé"), SQL compares bytes, and a
/// dictionary keyed by `String` hashes by canonical equivalence: an id that is equal to another in one place and
/// different in the next crosses user isolation (a token for "\u{212A}evin", with the Kelvin sign, read Kevin's
/// tasks). So:
/// - every comparison of user ids compares their UTF-8 bytes (``same(_:_:)``);
/// - a token's `sub` must be a ``isValid(_:)`` id, so no accepted id has a second spelling: 1–128 bytes of ASCII
///   letters, digits and `. _ - @ + | :` (e-mail addresses and `provider|id` subjects fit; no Unicode, so no
///   normalisation question, no case folding, no look-alikes, nothing that changes a path or a query).
///
/// ```swift
/// guard UserID.isValid(claims.subject) else { throw unauthorized }
/// guard UserID.same(pathUserID, caller.userID) else { throw forbidden }
/// ```
package enum UserID {
    /// The longest user id accepted, in bytes.
    package static let maximumLength = 128

    /// Whether `id` is an id the system accepts: 1–128 bytes of `[A-Za-z0-9._@+|:-]`.
    package static func isValid(_ id: some StringProtocol) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "+"),
                UInt8(ascii: "|"), UInt8(ascii: ":"):
                true
            default: false
            }
        }
    }

    /// Whether two user ids are the same id: their UTF-8 bytes are equal (never canonical equivalence).
    package static func same(_ first: some StringProtocol, _ second: some StringProtocol) -> Bool {
        first.utf8.elementsEqual(second.utf8)
    }
}
