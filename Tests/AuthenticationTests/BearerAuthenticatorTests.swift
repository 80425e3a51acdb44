import Authentication
import Crypto
import FunctionRuntime
import HTTPTypes
import Testing

@Suite("BearerAuthenticator")
struct BearerAuthenticatorTests {
    let key = Array("a development key of 32 bytes...".utf8)
    let now: Int64 = 1_800_000_000

    var authenticator: BearerAuthenticator {
        let now = now
        return BearerAuthenticator(signer: JWTSigner(secret: key), now: { now })
    }

    func request(authorization: String?) -> HTTPRequest {
        var headers: HTTPHeaders = [:]
        if let authorization { headers["Authorization"] = authorization }
        return HTTPRequest(method: .get, target: "/api/alice/tasks", headers: headers)
    }

    func token(_ claims: JWTClaims, key: [UInt8]? = nil) throws -> String {
        try JWTSigner(secret: key ?? self.key).sign(claims)
    }

    @Test("a valid token names the user, and role admin makes an administrator")
    func validTokens() throws {
        let user = try authenticator.authenticate(
            request(authorization: "Bearer " + token(JWTClaims(subject: "alice", expiresAt: now + 60))))
        #expect(user == Principal(userID: "alice", isAdmin: false))
        let admin = try authenticator.authenticate(
            request(authorization: "bearer " + token(JWTClaims(subject: "root", role: "admin", expiresAt: now + 60))))
        #expect(admin.isAdmin)
    }

    @Test(
        "every bad credential is a 401 with a Bearer challenge",
        arguments: [
            "none", "basic", "garbage", "forged", "expired", "not yet valid", "no exp", "issued in the future", "empty sub",
        ])
    func badCredentials(kind: String) throws {
        let authorization: String?
        switch kind {
        case "none": authorization = nil
        case "basic": authorization = "Basic YWxpY2U6c2VjcmV0"
        case "garbage": authorization = "Bearer abc.def"
        case "forged":
            authorization =
                "Bearer " + (try token(JWTClaims(subject: "alice", expiresAt: now + 60), key: Array("another key".utf8)))
        case "expired": authorization = "Bearer " + (try token(JWTClaims(subject: "alice", expiresAt: now - 1)))
        case "not yet valid":
            authorization = "Bearer " + (try token(JWTClaims(subject: "alice", notBefore: now + 60, expiresAt: now + 120)))
        case "no exp": authorization = "Bearer " + (try token(JWTClaims(subject: "alice", role: "admin", issuedAt: now)))
        case "issued in the future":
            authorization = "Bearer " + (try token(JWTClaims(subject: "alice", issuedAt: now + 86_400, expiresAt: now + 90_000)))
        default: authorization = "Bearer " + (try token(JWTClaims(subject: "", expiresAt: now + 60)))
        }
        let error = try #require(throws: HTTPError.self) { try authenticator.authenticate(request(authorization: authorization)) }
        #expect(error.status == .unauthorized)
        #expect(error.headers["WWW-Authenticate"]?.hasPrefix("Bearer realm=") == true)
    }

    @Test("a user owns only their own path; administrators get no exception for tasks")
    func ownership() throws {
        let alice = Principal(userID: "alice")
        try alice.requireOwner(of: "alice")
        #expect(throws: HTTPError.self) { try alice.requireOwner(of: "bob") }
        #expect(throws: HTTPError.self) { try Principal(userID: "root", isAdmin: true).requireOwner(of: "bob") }
        #expect(throws: HTTPError.self) { try alice.requireAdmin() }
        try Principal(userID: "root", isAdmin: true).requireAdmin()
    }
}
