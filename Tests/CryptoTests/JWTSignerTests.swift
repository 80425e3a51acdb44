import Crypto
import Testing

@Suite("HS256 JWT")
struct JWTSignerTests {
    private let now: Int64 = 1_800_000_000
    private let signer = JWTSigner(secret: Array("0123456789abcdef0123456789abcdef".utf8))

    private func expectRejection(
        _ code: JWTError.Code, _ token: String, signer: JWTSigner? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let claims = try (signer ?? self.signer).verify(token, now: now)
            Issue.record("expected \(code), got \(claims)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        }
    }

    private func token(header: String, payload: String, signWith secret: String? = nil) throws -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        guard let secret else { return input + "." }
        return input + "." + Base64URL.encode(try HMAC.sha256(key: Array(secret.utf8), message: Array(input.utf8)))
    }

    @Test("signs and verifies a token with sub, role and times")
    func roundTrip() throws {
        let claims = JWTClaims(subject: "alice", role: "admin", issuedAt: now, notBefore: now - 10, expiresAt: now + 60)
        let token = try signer.sign(claims)
        #expect(token.split(separator: ".").count == 3)
        #expect(token.hasPrefix("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."))
        let verified = try signer.verify(token, now: now)
        #expect(verified == claims)
        #expect(verified.isAdmin)
    }

    @Test("verifies a token made by another implementation; the jwt.io example, which has no exp, is refused")
    func interoperates() throws {
        // jwt.io's example payload with "exp":1900000000 added, signed with Python's hmac (secret "your-256-bit-secret").
        let token =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyLCJleHAiOjE5MDAwMDAwMDB9.iIhcPM75d3fp9L7Br2GfLoSitdGZ8UOa7XG8fV__PMM"
        let claims = try JWTSigner(secret: Array("your-256-bit-secret".utf8)).verify(token, now: now)
        #expect(claims.subject == "1234567890")
        #expect(claims.issuedAt == 1_516_239_022)
        #expect(claims.expiresAt == 1_900_000_000)
        #expect(claims.role == nil)
        let withoutExpiry =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        expectRejection(.missingExpiry, withoutExpiry, signer: JWTSigner(secret: Array("your-256-bit-secret".utf8)))
    }

    @Test("rejects a token without exp, and one issued further ahead than clock skew explains")
    func requiresExpiry() throws {
        expectRejection(.missingExpiry, try signer.sign(JWTClaims(subject: "alice")))
        expectRejection(.missingExpiry, try signer.sign(JWTClaims(subject: "alice", role: "admin", issuedAt: now)))
        expectRejection(
            .missingExpiry,
            try token(
                header: #"{"alg":"HS256"}"#, payload: #"{"sub":"alice","exp":null}"#, signWith: "0123456789abcdef0123456789abcdef"
            ))
        expectRejection(
            .notYetValid, try signer.sign(JWTClaims(subject: "alice", issuedAt: now + 3600, expiresAt: now + 7200)))
        #expect(
            try signer.verify(
                signer.sign(JWTClaims(subject: "alice", issuedAt: now + JWTSigner.maximumIssuedAtSkew, expiresAt: now + 60)),
                now: now
            ).subject == "alice")
    }

    @Test("rejects a tampered payload or signature, and another key")
    func tampered() throws {
        let token = try signer.sign(JWTClaims(subject: "alice", expiresAt: now + 60))
        let parts = token.split(separator: ".").map(String.init)
        let forged = Base64URL.encode(Array(#"{"exp":1800000060,"role":"admin","sub":"alice"}"#.utf8))
        expectRejection(.badSignature, parts[0] + "." + forged + "." + parts[2])
        var signature = try Base64URL.decode(parts[2])
        signature[0] ^= 0x80
        expectRejection(.badSignature, parts[0] + "." + parts[1] + "." + Base64URL.encode(signature))
        expectRejection(.badSignature, token, signer: JWTSigner(secret: Array("another key".utf8)))
    }

    @Test("rejects an expired token, honouring the leeway")
    func expired() throws {
        let token = try signer.sign(JWTClaims(subject: "alice", expiresAt: now))
        expectRejection(.expired, token)
        let lenient = JWTSigner(secret: Array("0123456789abcdef0123456789abcdef".utf8), leeway: 5)
        #expect(try lenient.verify(token, now: now).subject == "alice")
    }

    @Test("rejects a token whose nbf is in the future")
    func notYetValid() throws {
        expectRejection(
            .notYetValid, try signer.sign(JWTClaims(subject: "alice", notBefore: now + 1, expiresAt: now + 60)))
        #expect(
            try signer.verify(signer.sign(JWTClaims(subject: "alice", notBefore: now, expiresAt: now + 60)), now: now)
                .subject == "alice")
    }

    @Test(
        "rejects alg none and other algorithms, even when the signature part is empty",
        arguments: [
            #"{"alg":"none","typ":"JWT"}"#, #"{"alg":"HS512"}"#, #"{"alg":"RS256"}"#, #"{"alg":"hs256"}"#,
        ])
    func wrongAlgorithm(header: String) throws {
        expectRejection(.wrongAlgorithm, try token(header: header, payload: #"{"sub":"alice","role":"admin"}"#))
        let signed = try token(
            header: header, payload: #"{"sub":"alice"}"#, signWith: "0123456789abcdef0123456789abcdef")
        expectRejection(.wrongAlgorithm, signed)
    }

    @Test(
        "rejects malformed tokens",
        arguments: [
            "", "a.b", "a.b.c.d", "!!!.e30.e30", "e30.e30.!!!", "bm90IGpzb24.e30.", "W10.e30.",
            "eyJhbGciOiJIUzI1NiJ9.e30.!!!",
        ])
    func malformed(token: String) {
        expectRejection(.malformed, token)
    }

    @Test("rejects a validly signed payload without a string sub as malformed")
    func missingSubject() throws {
        let secret = "0123456789abcdef0123456789abcdef"
        for payload in [#"{"role":"admin"}"#, #"{"sub":42}"#, "[]", #"{"sub":"a","exp":"soon"}"#] {
            expectRejection(.malformed, try token(header: #"{"alg":"HS256"}"#, payload: payload, signWith: secret))
        }
    }
}
