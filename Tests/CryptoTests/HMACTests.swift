import Crypto
import Testing

@Suite("HMAC-SHA256")
struct HMACTests {
    private static let longKey = [UInt8](repeating: 0xAA, count: 131)

    /// RFC 4231 test cases 1, 2, 3, 4, 6 and 7 (case 5 is a truncated MAC).
    @Test(
        "matches the RFC 4231 vectors",
        arguments: [
            (
                [UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                [UInt8](repeating: 0xAA, count: 20), [UInt8](repeating: 0xDD, count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                Array(1...25), [UInt8](repeating: 0xCD, count: 50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
            ),
            (
                longKey, Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                longKey,
                Array(
                    ("This is a test using a larger than block-size key and a larger than block-size data. "
                        + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
        ])
    func rfc4231(key: [UInt8], message: [UInt8], mac: String) throws {
        #expect(Hex.encode(try HMAC.sha256(key: key, message: message)) == mac)
        #expect(HMAC.isValidSHA256(try Hex.decode(mac), key: key, message: message))
    }

    @Test("accepts an empty key and message")
    func empty() throws {
        let mac = try HMAC.sha256(key: [], message: [])
        #expect(Hex.encode(mac) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test("rejects a MAC with one bit flipped or a different length")
    func rejectsWrongMAC() throws {
        let key = Array("key".utf8)
        let message = Array("message".utf8)
        var mac = try HMAC.sha256(key: key, message: message)
        #expect(HMAC.isValidSHA256(mac, key: key, message: message))
        mac[17] ^= 0x01
        #expect(!HMAC.isValidSHA256(mac, key: key, message: message))
        #expect(!HMAC.isValidSHA256(Array(mac.dropLast()), key: key, message: message))
    }
}
