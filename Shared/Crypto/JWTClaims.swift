/// The claims this project reads from and writes into a JWT payload; other claims are ignored.
package struct JWTClaims: Sendable, Hashable, Codable {
    /// `sub`: the user id.
    package var subject: String
    /// `role`: `admin` for administrators, nil for ordinary users.
    package var role: String?
    /// `iat`: when the token was issued, in seconds since 1970.
    package var issuedAt: Int64?
    /// `nbf`: the token is not valid before this time, in seconds since 1970.
    package var notBefore: Int64?
    /// `exp`: the token is not valid at or after this time, in seconds since 1970.
    package var expiresAt: Int64?

    /// Creates claims.
    package init(
        subject: String, role: String? = nil, issuedAt: Int64? = nil, notBefore: Int64? = nil,
        expiresAt: Int64? = nil
    ) {
        self.subject = subject
        self.role = role
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
    }

    /// Whether `role` is `admin`.
    package var isAdmin: Bool { role == "admin" }

    private enum CodingKeys: String, CodingKey {
        case subject = "sub", role, issuedAt = "iat", notBefore = "nbf", expiresAt = "exp"
    }

    /// Decodes the claims; NumericDate values may carry a fraction (RFC 7519 §2), which is dropped.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subject = try container.decode(String.self, forKey: .subject)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        issuedAt = try Self.numericDate(container, .issuedAt)
        notBefore = try Self.numericDate(container, .notBefore)
        expiresAt = try Self.numericDate(container, .expiresAt)
    }

    private static func numericDate(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int64? {
        guard let value = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard let seconds = Int64(exactly: value.rounded(.down)) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a NumericDate")
        }
        return seconds
    }
}
