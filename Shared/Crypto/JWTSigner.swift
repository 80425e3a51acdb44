import FoundationEssentials

/// Signs and verifies HS256 JSON Web Tokens (RFC 7519) with one shared secret.
///
/// Verification accepts only `alg: HS256` (so never `none`), checks the signature in constant time before
/// reading the payload, then checks the times against the time given: `exp` is required (a token without it would
/// never expire), `nbf` must have passed, and `iat` may not lie more than five minutes ahead.
///
/// ```swift
/// let signer = JWTSigner(secret: secretBytes)
/// let token = try signer.sign(JWTClaims(subject: "alice", expiresAt: now + 3600))
/// let claims = try signer.verify(token, now: now)  // claims.subject == "alice"
/// ```
package struct JWTSigner: Sendable {
    private let secret: [UInt8]
    /// Clock skew tolerated on `exp` and `nbf`, in seconds.
    private let leeway: Int64

    /// Creates a signer.
    /// - Parameters:
    ///   - secret: the HMAC key (32 random bytes or more is right for HS256).
    ///   - leeway: seconds of clock skew tolerated on `exp` and `nbf`.
    package init(secret: [UInt8], leeway: Int64 = 0) {
        self.secret = secret
        self.leeway = max(0, leeway)
    }

    /// `{"alg":"HS256","typ":"JWT"}`, encoded once.
    private static let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    /// Makes a compact token `header.payload.signature` for `claims`.
    /// - Throws: `CryptoError` if libcrypto fails, or an `EncodingError` (neither happens for valid claims).
    package func sign(_ claims: JWTClaims) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let signingInput = Self.header + "." + Base64URL.encode(Array(try encoder.encode(claims)))
        let signature = try HMAC.sha256(key: secret, message: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Checks `token` and returns its claims.
    /// - Parameters:
    ///   - token: the compact token, e.g. from `Authorization: Bearer <token>`.
    ///   - now: the current time in seconds since 1970 (injected so tests are deterministic).
    /// - Returns: the verified claims.
    /// - Throws: `JWTError` with code `malformed`, `wrongAlgorithm`, `badSignature`, `missingExpiry`, `expired` or
    ///   `notYetValid`.
    package func verify(_ token: String, now: Int64) throws(JWTError) -> JWTClaims {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 8192 else { throw malformed("expected header.payload.signature") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(try Base64URL.decode(Substring(parts[0]))))
        } catch {
            throw malformed("header is not base64url JSON with alg")
        }
        guard header.alg == "HS256" else {
            throw JWTError(code: .wrongAlgorithm, message: "alg \"\(header.alg.prefix(20))\" is not HS256")
        }
        let signature: [UInt8]
        do { signature = try Base64URL.decode(Substring(parts[2])) } catch {
            throw malformed("signature is not base64url")
        }
        let signingInput = Array(token.utf8[..<parts[1].endIndex])
        guard HMAC.isValidSHA256(signature, key: secret, message: signingInput) else {
            throw JWTError(code: .badSignature, message: "signature does not match")
        }
        let claims: JWTClaims
        do {
            claims = try JSONDecoder().decode(JWTClaims.self, from: Data(try Base64URL.decode(Substring(parts[1]))))
        } catch {
            throw malformed("payload is not base64url JSON with a string sub")
        }
        try Self.checkTimes(claims, now: now, leeway: leeway)
        return claims
    }

    /// How far in the future an `iat` may lie (clock skew between the issuer and us) before the token is refused.
    package static let maximumIssuedAtSkew: Int64 = 300

    /// `exp` is required and must be after `now`; `nbf`, when present, must not be after `now`; `iat`, when present,
    /// must not be more than ``maximumIssuedAtSkew`` seconds ahead. `leeway` widens each comparison.
    private static func checkTimes(_ claims: JWTClaims, now: Int64, leeway: Int64) throws(JWTError) {
        guard let expiresAt = claims.expiresAt else {
            throw JWTError(code: .missingExpiry, message: "token has no exp; tokens must expire")
        }
        if now >= saturatingAdd(expiresAt, leeway) {
            throw JWTError(code: .expired, message: "token expired at \(expiresAt)")
        }
        if let notBefore = claims.notBefore, now < saturatingAdd(notBefore, -leeway) {
            throw JWTError(code: .notYetValid, message: "token not valid before \(notBefore)")
        }
        if let issuedAt = claims.issuedAt, issuedAt > saturatingAdd(now, saturatingAdd(leeway, maximumIssuedAtSkew)) {
            throw JWTError(code: .notYetValid, message: "token issued in the future (iat \(issuedAt))")
        }
    }

    private struct Header: Decodable {
        var alg: String
    }

    private static func saturatingAdd(_ time: Int64, _ delta: Int64) -> Int64 {
        let (sum, overflow) = time.addingReportingOverflow(delta)
        return overflow ? (delta > 0 ? .max : .min) : sum
    }

    private func malformed(_ message: String) -> JWTError { JWTError(code: .malformed, message: message) }
}
