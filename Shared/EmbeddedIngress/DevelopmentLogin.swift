import FoundationEssentials
package import HTTPTypes
import JSON

/// `POST /dev/token {"user":"alice"}` → `{"user":"alice","token":"…"}`: the web client's sign-in under `todofn up`.
///
/// Only `todofn up` turns it on (it holds the development secrets; the cluster has no ingress of ours), and only
/// for a loopback ingress. It never issues an admin token. It answers only a same-origin browser request on a
/// loopback name, so another web site (or one that rebinds its DNS name to 127.0.0.1) cannot mint a token:
/// - `Host` must be `127.0.0.1`, `localhost` or `[::1]` (any port): a rebound name fails here;
/// - `Origin` must be present and equal `http://<Host>`: a cross-origin page fails here;
/// - `Content-Type` must be `application/json` (a cross-origin form cannot send it without a preflight, which gets
///   405 and no CORS headers).
package struct DevelopmentLogin: Sendable {
    /// The path answered.
    package static let path = "/dev/token"
    /// Mints a token for a user id.
    private let mint: @Sendable (String) throws -> String

    /// A login that signs with `mint` (e.g. `DevelopmentSecrets.token(for:admin:false,…)`).
    package init(mint: @escaping @Sendable (String) throws -> String) { self.mint = mint }

    private struct Body: Decodable { var user: String }
    private struct Answer: Encodable {
        var user: String
        var token: String
    }

    /// The answer to `request` (whose path is `path`).
    package func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == .post else {
            return .error(.methodNotAllowed, message: "\(Self.path) accepts POST only", headers: ["Allow": "POST"])
        }
        guard let host = request.headers["Host"], Self.isLoopback(host: host) else {
            return .error(.forbidden, message: "development sign-in answers only on 127.0.0.1, localhost or [::1]")
        }
        guard let origin = request.headers["Origin"], origin == "http://" + host else {
            return .error(.forbidden, message: "development sign-in answers only same-origin browser requests")
        }
        guard let type = request.headers["Content-Type"], HTTPRequest.isJSON(type) else {
            return .error(.unsupportedMediaType, message: "expected Content-Type application/json")
        }
        do {
            let user = try request.decodeJSON(Body.self).user
            guard Self.isValid(user: user) else {
                return .error(.badRequest, message: "user must be 1-64 letters, digits, '.', '_' or '-', not starting with '.'")
            }
            var response = try HTTPResponse.json(Answer(user: user, token: try mint(user)))
            response.headers["Cache-Control"] = "no-store"
            return response
        } catch let error as HTTPError {
            return .error(error.status, message: error.message)
        } catch is DecodingError {
            return .error(.badRequest, message: "expected {\"user\":\"<name>\"}")
        } catch {
            return .error(.internalServerError, message: "cannot sign a token: \(error)")
        }
    }

    /// Whether the `Host` header names a loopback address (`127.0.0.1`, `localhost`, `[::1]`, with or without port).
    package static func isLoopback(host: String) -> Bool {
        var name = Substring(host)
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let rest = name[name.index(after: close)...]
            guard rest.isEmpty || isPort(rest) else { return false }
            return name[...close] == "[::1]"
        }
        if let colon = name.firstIndex(of: ":") {
            guard isPort(name[colon...]) else { return false }
            name = name[..<colon]
        }
        return name == "127.0.0.1" || name.lowercased() == "localhost"
    }

    private static func isPort(_ text: Substring) -> Bool {
        text.first == ":" && (2...6).contains(text.count) && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Whether `user` is a user id a development token may name.
    package static func isValid(user: String) -> Bool {
        (1...64).contains(user.utf8.count) && !user.hasPrefix(".")
            && user.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2E || byte == 0x5F || byte == 0x2D
            }
    }
}
