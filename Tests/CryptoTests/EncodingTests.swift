import Crypto
import Testing

@Suite("Hex, base64url, constant-time compare and random bytes")
struct EncodingTests {
    @Test(
        "base64url matches RFC 4648 test vectors without padding",
        arguments: [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ])
    func base64URLVectors(plain: String, encoded: String) throws {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test("base64url uses - and _ and round-trips every byte value")
    func base64URLAlphabet() throws {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        let all = (0...255).map { UInt8($0) }
        for length in 0...all.count {
            #expect(try Base64URL.decode(Base64URL.encode(Array(all[..<length]))) == Array(all[..<length]))
        }
    }

    @Test(
        "base64url rejects padding, foreign characters, bad lengths and stray bits",
        arguments: [
            "Zg==", "Zm9v+", "Zm9v/", "Z", "Zm9vY", "Zh", "Zm9 v", "é",
        ])
    func base64URLRejects(text: String) {
        #expect(throws: CryptoError.self) { try Base64URL.decode(text) }
    }

    @Test("hex round-trips and rejects bad input")
    func hex() throws {
        #expect(Hex.encode([0x00, 0x7F, 0xAB, 0xFF]) == "007fabff")
        #expect(try Hex.decode("007FabFF") == [0x00, 0x7F, 0xAB, 0xFF])
        #expect(throws: CryptoError.self) { try Hex.decode("abc") }
        #expect(throws: CryptoError.self) { try Hex.decode("zz") }
    }

    @Test("constant-time compare tells equal from different")
    func constantTime() {
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
    }

    @Test("random bytes have the asked length and differ between calls")
    func random() throws {
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
    }
}
