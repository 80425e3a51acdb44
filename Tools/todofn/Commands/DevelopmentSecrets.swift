import Crypto
import FoundationEssentials
import Glibc

/// The development secrets of the embedded stack, `<data>/secrets.json` in the `secretstores.local.file` format
/// (a flat JSON object), created on first use with owner-only permissions.
///
/// - `jwt-signing-key`: the HS256 key; the signer's secret is the UTF-8 bytes of this string (43 base64url
///   characters from 32 random bytes), so a function reading it from the secret store signs the same way.
/// - `dapr-api-token`: the token of the Dapr API's shared port (3500, app-id `todofn`), for people and tools
///   (`DAPR_API_TOKEN` in the environment of `todofn up` takes its place). Each function's own port takes a token
///   made for it at start-up instead, handed to it as `DAPR_API_TOKEN`.
/// - `audit-chain-key`: audit-log's HMAC key for the audit chain and its checkpoints (43 base64url characters).
///
/// The functions' app tokens (`APP_API_TOKEN`) are not kept here: `todofn up` makes one per function at start-up.
/// The secret store serves this file, scoped by `dapr/config.yaml`: no app may read `dapr-api-token` (nor an
/// `app-api-token` left by an older version).
struct DevelopmentSecrets {
    /// The name of the JWT key in the file.
    static let jwtKeyName = "jwt-signing-key"
    /// The name of the Dapr API token in the file.
    static let daprTokenName = "dapr-api-token"
    /// The name of the audit chain key in the file.
    static let auditChainKeyName = "audit-chain-key"

    /// Every secret in the file.
    let values: [String: String]
    /// Where the file is.
    let path: String

    /// The JWT signer for development tokens.
    var signer: JWTSigner { JWTSigner(secret: Array((values[Self.jwtKeyName] ?? "").utf8)) }

    /// The Dapr API token of the shared port: `DAPR_API_TOKEN` when set, else the file's.
    var daprToken: String { environment("DAPR_API_TOKEN").flatMap { $0.isEmpty ? nil : $0 } ?? values[Self.daprTokenName] ?? "" }

    /// Reads `<directory>/secrets.json`, adding any missing secret (and creating the file) with mode 0600.
    /// - Throws: `UsageError` when the file cannot be read, parsed or written.
    static func loadOrCreate(in directory: DataDirectory) throws -> DevelopmentSecrets {
        let path = directory.path + "/secrets.json"
        var values: [String: String] = [:]
        if let bytes = readFile(path) {
            guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(bytes)) else {
                throw UsageError(message: "\(path) is not a JSON object of strings; fix it or run `todofn up --reset`")
            }
            values = decoded
        }
        var changed = false
        if values[jwtKeyName]?.isEmpty ?? true {
            values[jwtKeyName] = Base64URL.encode(try SecureRandom.bytes(count: 32))
            changed = true
        }
        if values[auditChainKeyName]?.isEmpty ?? true {
            values[auditChainKeyName] = Base64URL.encode(try SecureRandom.bytes(count: 32))
            changed = true
        }
        if values[daprTokenName]?.isEmpty ?? true {
            values[daprTokenName] = Hex.encode(try SecureRandom.bytes(count: 32))
            changed = true
        }
        if changed { try write(values, to: path) }
        return DevelopmentSecrets(values: values, path: path)
    }

    /// A development token for `user`, valid for `lifetime` seconds from now.
    func token(for user: String, admin: Bool, lifetime: Int64) throws -> String {
        let now = Int64(time(nil))
        return try signer.sign(
            JWTClaims(subject: user, role: admin ? "admin" : nil, issuedAt: now, expiresAt: now + lifetime))
    }

    private static func write(_ values: [String: String], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes = Array(try encoder.encode(values)) + [0x0A]
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw UsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw UsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The whole file at `path`, or nil when it cannot be opened.
func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let count = read(fd, &buffer, buffer.count)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return count == 0 ? bytes : nil }
        bytes += buffer[0..<count]
    }
}
