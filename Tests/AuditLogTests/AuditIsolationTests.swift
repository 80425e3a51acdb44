import Authentication
import Crypto
import FoundationEssentials
import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Storage
import Testing

@testable import audit_log

/// User isolation with look-alike user ids (the Kelvin sign, NFD against NFC) through the real audit-log handler, on
/// a SQLite file and on PostgreSQL: ids compare as bytes at every step, and a token for a look-alike id is refused.
@Suite("audit-log keeps look-alike users apart, on SQLite and PostgreSQL")
struct AuditIsolationTests {
    enum Backend: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    static let secret = Array("isolation test key".utf8)

    /// Runs `body` with a handler over a fresh, migrated database of `backend` (a private schema on PostgreSQL).
    static func withHandler(_ backend: Backend, _ body: (AuditLogHandler) async throws -> Void) async throws {
        let server =
            ProcessInfo.processInfo.environment["TODOFN_TEST_DATABASE_URL"]
            ?? "postgresql://todofn:todofn@127.0.0.1:54329/todofn"
        let schema = "t_" + UUID().uuidString.lowercased().filter { $0 != "-" }
        let path = FileManager.default.temporaryDirectory.appending(path: "isolation-\(UUID().uuidString).sqlite").path
        var admin: (any SQLDatabase)?
        let location: String
        switch backend {
        case .sqlite: location = path
        case .postgres:
            let database = try await StorageDatabase.open(server, poolSize: 1)
            try await database.withoutTransaction { try $0.executeScript("CREATE SCHEMA \(schema)") }
            admin = database
            location = server + (server.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        }
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try await StorageDatabase.open(location, poolSize: 2)
        var failure: (any Error)?
        do {
            try await Migrator(database: database).migrate()
            let stores = Stores(database: database, auditChainKey: Array("chain".utf8))
            try await body(
                AuditLogHandler(
                    audit: stores.audit, appends: AuditAppendQueue(audit: stores.audit),
                    authenticator: BearerAuthenticator(signer: JWTSigner(secret: secret))))
        } catch {
            failure = error
        }
        await database.close()
        if let admin {
            _ = try? await admin.withoutTransaction { try $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
            await admin.close()
        }
        if let failure { throw failure }
    }

    static func get(_ target: String, as user: String, admin: Bool = false, _ handler: AuditLogHandler) async throws
        -> HTTPResponse
    {
        let token = try JWTSigner(secret: secret).sign(
            JWTClaims(subject: user, role: admin ? "admin" : nil, expiresAt: Int64(Date().timeIntervalSince1970) + 600))
        return try await handler.handle(
            HTTPRequest(method: .get, target: target, headers: ["Authorization": "Bearer \(token)"]),
            context: .forTesting())
    }

    /// The `actor`s of the entries in an audit answer.
    static func actors(_ response: HTTPResponse) -> [String] {
        String(decoding: response.body, as: UTF8.self).split(separator: #""actor":""#).dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
    }

    @Test(
        "each look-alike id sees only its own entries; a look-alike token is 401, a look-alike path 403",
        arguments: Backend.allCases)
    func lookAlikes(backend: Backend) async throws {
        try await Self.withHandler(backend) { handler in
            // Arrange: one entry for each spelling, stored through the delivery route.
            let spellings = ["Kevin", "\u{212A}evin", "jos\u{E9}", "jose\u{301}"]
            let events = try spellings.map { try AuditLogHandlerTests.event(UUID(), user: $0, title: "t") }
            let delivered = try await handler.handle(AuditLogHandlerTests.bulk(events), context: .forTesting())
            #expect(AuditLogHandlerTests.statuses(delivered) == ["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS"])

            // Act and assert: the administrator's filter compares bytes in SQL.
            for spelling in spellings {
                let page = try await Self.get(
                    "/audit?user=\(PercentEncoding.encode(spelling))", as: "root", admin: true, handler)
                #expect(Self.actors(page) == [spelling], "\(spelling.unicodeScalars.map(\.value))")
            }
            let kevin = try await Self.get("/audit", as: "Kevin", handler)
            #expect(Self.actors(kevin) == ["Kevin"])
            let forbidden = await #expect(throws: HTTPError.self) {
                try await Self.get("/audit?user=%E2%84%AAevin", as: "Kevin", handler)
            }
            #expect(forbidden?.status == .forbidden)
            for lookAlike in ["\u{212A}evin", "jose\u{301}", "jos\u{E9}"] {
                let refused = await #expect(throws: HTTPError.self) { try await Self.get("/audit", as: lookAlike, handler) }
                #expect(refused?.status == .unauthorized)
            }
        }
    }
}
