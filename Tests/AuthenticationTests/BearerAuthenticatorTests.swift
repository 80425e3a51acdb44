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

    /// Pairs that Swift's `==` calls equal (canonical equivalence) and SQL does not: each is a different user.
    static let lookAlikes: [(String, String)] = [
        ("\u{212A}evin", "Kevin"),  // KELVIN SIGN, whose canonical decomposition is K
        ("jose\u{301}", "jos\u{E9}"),  // NFD vs NFC
        ("\u{C5}ngstr\u{F6}m", "\u{212B}ngstr\u{F6}m"),  // A with ring vs ANGSTROM SIGN
    ]

    @Test("a look-alike path id is another user: ownership compares bytes, not canonical equivalence")
    func lookAlikeOwnership() throws {
        for (first, second) in Self.lookAlikes {
            #expect(first == second, "Swift's == calls them equal; that is the hole")
            for (caller, path) in [(first, second), (second, first)] {
                let error = try #require(throws: HTTPError.self) { try Principal(userID: caller).requireOwner(of: path) }
                #expect(error.status == .forbidden)
            }
            #expect(Principal(userID: first) != Principal(userID: second))
            #expect(Set([Principal(userID: first), Principal(userID: second)]).count == 2)
        }
    }

    @Test("a token whose sub is not a plain user id is refused at the edge with 401")
    func userIDsAtTheEdge() throws {
        let refused =
            Self.lookAlikes.flatMap { [$0.0, $0.1] }.filter { $0 != "Kevin" } + [
                "alice/../bob", "alice bob", "alice\u{0}", "alice%2Fbob", String(repeating: "a", count: 129), "\u{1F600}",
            ]
        for subject in refused {
            let authorization = "Bearer " + (try token(JWTClaims(subject: subject, expiresAt: now + 60)))
            let error = try #require(throws: HTTPError.self) {
                try authenticator.authenticate(request(authorization: authorization))
            }
            #expect(error.status == .unauthorized, "\(subject.unicodeScalars.map { $0.value })")
        }
        for subject in ["Kevin", "alice@example.com", "auth0|5f7c", "user_1.test-2+x", String(repeating: "a", count: 128)] {
            let authorization = "Bearer " + (try token(JWTClaims(subject: subject, expiresAt: now + 60)))
            #expect(try authenticator.authenticate(request(authorization: authorization)).userID == subject)
        }
    }
}
