import HTTPTypes
import Testing
import WebSocket

@Suite("WebSocket frames out, the handshake and UTF-8")
struct WebSocketEncoderTests {
    @Test("server frames are unmasked and use the shortest length form")
    func encode() {
        #expect(WebSocketFrameEncoder.encode(.text, payload: Array("Hello".utf8)) == [0x81, 0x05] + Array("Hello".utf8))
        let medium = WebSocketFrameEncoder.encode(.binary, payload: [UInt8](repeating: 0, count: 256))
        #expect(Array(medium.prefix(4)) == [0x82, 126, 0x01, 0x00])
        let large = WebSocketFrameEncoder.encode(.binary, payload: [UInt8](repeating: 0, count: 65_536))
        #expect(Array(large.prefix(10)) == [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(WebSocketFrameEncoder.encode(.text, payload: [0x61], fin: false).first == 0x01)
    }

    @Test("a close frame carries the code and a reason cut to 123 bytes on a character boundary")
    func close() {
        #expect(WebSocketFrameEncoder.close(.tryAgainLater) == [0x88, 0x02, 0x03, 0xF5])
        let long = WebSocketFrameEncoder.close(.policyViolation, reason: String(repeating: "é", count: 100))
        #expect(long[1] <= 125)
        #expect(UTF8Validator.isValid(long[4...]))
    }

    private func request(_ headers: HTTPHeaders, method: HTTPMethod = .get) -> HTTPRequest {
        HTTPRequest(method: method, target: "/ws", headers: headers)
    }

    private let valid: HTTPHeaders = [
        "Host": "x", "Upgrade": "websocket", "Connection": "keep-alive, Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Protocol": "bearer, abc.def",
    ]

    @Test("a valid handshake gets RFC 6455's accept value and the chosen subprotocol")
    func handshake() throws {
        let handshake = try WebSocketHandshake(request(valid))
        #expect(handshake.offeredProtocols == ["bearer", "abc.def"])
        let response = handshake.response(subprotocol: "bearer")
        #expect(response.status == .switchingProtocols)
        #expect(response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(response.headers["Sec-WebSocket-Protocol"] == "bearer")
    }

    @Test("a handshake missing a part, or of another version, is refused with 400/405/426")
    func badHandshakes() {
        func status(_ change: (inout HTTPHeaders) -> Void, method: HTTPMethod = .get) -> Int? {
            var headers = valid
            change(&headers)
            do {
                _ = try WebSocketHandshake(request(headers, method: method))
                return nil
            } catch {
                return error.status.code
            }
        }
        #expect(status { $0["Upgrade"] = nil } == 400)
        #expect(status { $0["Connection"] = "keep-alive" } == 400)
        #expect(status { $0["Sec-WebSocket-Key"] = nil } == 400)
        #expect(status { $0["Sec-WebSocket-Key"] = "c2hvcnQ=" } == 400)
        #expect(status { $0["Sec-WebSocket-Version"] = "8" } == 426)
        #expect(status({ _ in }, method: .post) == 405)
    }

    @Test("UTF-8: valid texts pass, surrogates, overlongs and truncations fail")
    func utf8() {
        #expect(UTF8Validator.isValid(Array("κόσμε – 𝄞 ok".utf8)))
        #expect(!UTF8Validator.isValid([0xED, 0xA0, 0x80]))
        #expect(!UTF8Validator.isValid([0xE0, 0x80, 0xAF]))
        #expect(!UTF8Validator.isValid([0xF0, 0x9D]))
        #expect(!UTF8Validator.isValid([0x80]))
    }
}
