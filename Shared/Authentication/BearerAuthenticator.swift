package import Crypto
import FunctionRuntime
import Glibc
package import HTTPTypes

/// Checks `Authorization: Bearer <JWT>` (HS256) on user-facing routes and says who is calling.
///
/// Every failure is a 401 with a JSON body and `WWW-Authenticate: Bearer …` (RFC 6750 §3): no header, another
/// scheme, a malformed token, a bad signature, an expired or not-yet-valid token, or a `sub` that is empty or not a
/// valid ``UserID`` (so no accepted user id has a look-alike spelling).
///
/// ```swift
/// let authenticator = BearerAuthenticator(signer: JWTSigner(secret: key))
/// let caller = try authenticator.authenticate(request)   // Principal(userID: "alice", isAdmin: false)
/// ```
package struct BearerAuthenticator: Sendable {
    private let signer: JWTSigner
    private let now: @Sendable () -> Int64

    /// Makes an authenticator.
    /// - Parameters:
    ///   - signer: the HS256 signer holding the shared key.
    ///   - now: the clock, in seconds since 1970.
    package init(signer: JWTSigner, now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }) {
        self.signer = signer
        self.now = now
    }

    /// The caller of `request`.
    /// - Throws: `HTTPError` 401 naming what is wrong with the credentials.
    package func authenticate(_ request: HTTPRequest) throws -> Principal {
        guard let header = request.headers["Authorization"] else {
            throw Self.unauthorized("missing Authorization: Bearer <token>", error: nil)
        }
        let parts = header.split(separator: " ")
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.unauthorized("Authorization must use the Bearer scheme", error: "invalid_request")
        }
        let claims: JWTClaims
        do {
            claims = try signer.verify(String(parts[1]), now: now())
        } catch {
            throw Self.unauthorized("invalid token: \(error.message)", error: "invalid_token")
        }
        guard !claims.subject.isEmpty else { throw Self.unauthorized("token has an empty sub", error: "invalid_token") }
        guard UserID.isValid(claims.subject) else {
            throw Self.unauthorized(
                "token's sub is not a user id (1-128 of A-Z a-z 0-9 . _ - @ + | :)", error: "invalid_token")
        }
        return Principal(userID: claims.subject, isAdmin: claims.isAdmin)
    }

    private static func unauthorized(_ message: String, error: String?) -> HTTPError {
        let challenge = error.map { #"Bearer realm="todo-functions", error="\#($0)""# } ?? #"Bearer realm="todo-functions""#
        return HTTPError(.unauthorized, message: message, headers: ["WWW-Authenticate": challenge])
    }
}
