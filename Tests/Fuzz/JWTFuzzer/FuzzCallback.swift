import Authentication
import Crypto
import FoundationEssentials
import HTTPTypes

/// One libFuzzer input; the first byte picks how the rest becomes an `Authorization` header:
/// 0: the rest is the header's value as sent (scheme, spaces, token);
/// 1: the rest is a payload, signed with the key under the usual header (so the claims checks are reached);
/// 2: the rest is `header\npayload`, both signed with the key (so the `alg` check is reached).
/// Beyond "no crash", a token the authenticator accepts:
/// - names a valid user id, has `exp` after now and `nbf` (if any) not after now;
/// - is refused with one character of its signature or payload changed, and under another key;
/// - has claims that survive sign → verify unchanged.
let fuzzJWT: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    guard let data, size > 0 else { return 0 }
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let token: String
    switch data[0] % 3 {
    case 0:
        let value = String(decoding: rest, as: UTF8.self)
        _ = try? authenticator.authenticate(HTTPRequest(method: .get, target: "/", headers: ["Authorization": value]))
        guard value.hasPrefix("Bearer "), !value.dropFirst(7).contains(" ") else { return 0 }
        token = String(value.dropFirst(7))
    case 1:
        token = signed(header: Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8), payload: rest)
    default:
        let parts = rest.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false)
        token = signed(header: Array(parts[0]), payload: parts.count > 1 ? Array(parts[1]) : [])
    }
    guard let principal = try? authenticate(token) else { return 0 }
    check(token, principal)
    return 0
}

private func check(_ token: String, _ principal: Principal) {
    precondition(UserID.isValid(principal.userID), "accepted a sub that is not a user id")
    guard let claims = try? signer.verify(token, now: now) else { preconditionFailure("authenticated but not verified") }
    precondition(claims.expiresAt.map { $0 > now } == true, "accepted an expired token or one without exp")
    precondition(claims.notBefore.map { $0 <= now } ?? true, "accepted a token before its nbf")
    precondition((try? JWTSigner(secret: Array("another key".utf8)).verify(token, now: now)) == nil, "another key")
    let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    for (part, index) in [(2, 0), (2, parts[2].count - 1), (1, 0), (1, parts[1].count / 2)] where index >= 0 {
        var changed = parts
        var characters = Array(changed[part])
        guard index < characters.count else { continue }
        characters[index] = characters[index] == "A" ? "B" : "A"
        changed[part] = String(characters)
        precondition((try? authenticate(changed.joined(separator: "."))) == nil, "accepted a changed token")
    }
    guard let resigned = try? signer.sign(claims) else { preconditionFailure("verified claims do not sign") }
    precondition((try? signer.verify(resigned, now: now)) == claims, "claims changed by sign → verify")
}

private func authenticate(_ token: String) throws -> Principal {
    try authenticator.authenticate(HTTPRequest(method: .get, target: "/", headers: ["Authorization": "Bearer " + token]))
}

private func signed(header: [UInt8], payload: [UInt8]) -> String {
    let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
    let signature = (try? HMAC.sha256(key: key, message: Array(input.utf8))) ?? []
    return input + "." + Base64URL.encode(signature)
}

private let key = Array("fuzz-signing-key-0123456789abcdef".utf8)
private let now: Int64 = 1_800_000_000
private let signer = JWTSigner(secret: key)
private let authenticator = BearerAuthenticator(signer: signer, now: { now })

/// libFuzzer's own `main` (linked in, though SwiftPM's runs) references this symbol, so it must exist.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzJWT(data, size) }
