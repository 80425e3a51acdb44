import HTTPServer
import HTTPTypes
import Testing

@Suite struct HTTPRequestParserTests {
    /// Feeds `text` in pieces of `step` bytes and collects the events (except needMoreData).
    private func events(_ text: String, step: Int = 1 << 20, limits: HTTPRequestParser.Limits = .init()) -> [HTTPRequestParser
        .Event]
    {
        let parser = HTTPRequestParser(limits: limits)
        let bytes = Array(text.utf8)
        var events: [HTTPRequestParser.Event] = []
        var offset = 0
        var pieceEnd = 0
        while offset < bytes.count {
            pieceEnd = max(pieceEnd, min(bytes.count, offset + step))
            let (consumed, event) = parser.parse(bytes[offset..<pieceEnd])
            offset += consumed
            switch event {
            case .needMoreData: if consumed == 0 { pieceEnd = min(bytes.count, pieceEnd + step) }
            case .failure: return events + [event]
            default: events.append(event)
            }
            if offset == pieceEnd { pieceEnd = min(bytes.count, offset + step) }
        }
        return events
    }

    private func requests(_ events: [HTTPRequestParser.Event]) -> [HTTPRequestParser.ParsedRequest] {
        events.compactMap { if case .request(let parsed) = $0 { parsed } else { nil } }
    }

    private func failure(_ events: [HTTPRequestParser.Event]) -> HTTPParseError? {
        if case .failure(let error) = events.last { error } else { nil }
    }

    @Test("parses method, target, version and headers in order, keeping repeats and name case")
    func simpleRequest() throws {
        let parsed = try #require(requests(events("GET /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-Two: 1\r\nx-two: 2  \r\n\r\n")).first)
        #expect(parsed.request.method == .get)
        #expect(parsed.request.target == "/a/b?x=1")
        #expect(parsed.request.version == (1, 1))
        #expect(parsed.request.headers.fields.map(\.name) == ["Host", "X-Two", "x-two"])
        #expect(parsed.request.headers.values(for: "x-two") == ["1", "2"])
        #expect(parsed.keepAlive)
        #expect(!parsed.isUpgrade)
    }

    @Test("gives the same request when fed one byte at a time", arguments: [1, 3, 7])
    func byteAtATime(step: Int) throws {
        let text = "POST /p HTTP/1.1\r\nContent-Length: 5\r\nX-Long-Header-Name: some value\r\n\r\nhello"
        let parsed = try #require(requests(events(text, step: step)).first)
        #expect(parsed.request.body == Array("hello".utf8))
        #expect(parsed.request.headers["x-long-header-name"] == "some value")
    }

    @Test("stops after each pipelined request and leaves the rest unconsumed")
    func pipelined() {
        let parser = HTTPRequestParser(limits: .init())
        let bytes = Array("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n".utf8)
        let (consumed, event) = parser.parse(bytes[...])
        #expect(consumed == 19)
        guard case .request(let first) = event else { Issue.record("expected a request"); return }
        #expect(first.request.target == "/1")
        let (rest, second) = parser.parse(bytes[consumed...])
        #expect(rest == 19)
        guard case .request(let next) = second else { Issue.record("expected a request"); return }
        #expect(next.request.target == "/2")
    }

    @Test("decodes a chunked body with extensions and trailers")
    func chunked() throws {
        let text =
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n"
        let parsed = try #require(requests(events(text, step: 4)).first)
        #expect(parsed.request.body == Array("hello world".utf8))
    }

    @Test("asks for 100-continue after the head, then delivers the body")
    func expectContinue() {
        let all = events("PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(all.count == 2)
        if case .expectsContinue = all.first {} else { Issue.record("expected expectsContinue first") }
        #expect(requests(all).first?.request.body == Array("ok".utf8))
    }

    @Test("does not ask for 100-continue when the body is empty or the client speaks HTTP/1.0")
    func noContinue() {
        #expect(events("PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n").count == 1)
        #expect(events("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx").count == 1)
    }

    @Test("applies HTTP/1.0 and Connection rules to keep-alive")
    func keepAlive() {
        #expect(requests(events("GET / HTTP/1.0\r\n\r\n")).first?.keepAlive == false)
        #expect(requests(events("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")).first?.keepAlive == true)
        #expect(requests(events("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")).first?.keepAlive == false)
    }

    @Test("flags an upgrade request and leaves the bytes after its head unconsumed")
    func upgrade() {
        let parser = HTTPRequestParser(limits: .init())
        let bytes = Array("GET /ws HTTP/1.1\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nraw bytes".utf8)
        let (consumed, event) = parser.parse(bytes[...])
        #expect(consumed == bytes.count - 9)
        guard case .request(let parsed) = event else { Issue.record("expected a request"); return }
        #expect(parsed.isUpgrade)
    }

    @Test(
        "rejects bad input with the right status",
        arguments: [
            ("garbage\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nBad Header\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
            ("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", 413),
            ("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 17 * 1024) + "\r\n\r\n", 431),
            ("GET / HTTP/1.1\r\n" + String(repeating: "H: v\r\n", count: 101) + "\r\n", 431),
        ])
    func badInput(text: String, status: Int) throws {
        let error = try #require(failure(events(text, limits: .init(maxBodyBytes: 1024))))
        #expect(error.status.code == status)
    }

    @Test("rejects a chunked body that grows past the limit while it arrives")
    func chunkedTooLarge() throws {
        let chunk = "400\r\n" + String(repeating: "x", count: 1024) + "\r\n"
        let text = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk
        let error = try #require(failure(events(text, limits: .init(maxBodyBytes: 1500))))
        #expect(error.code == .bodyTooLarge)
    }

    @Test("keeps failing after a failure until reset")
    func stickyFailure() {
        let parser = HTTPRequestParser(limits: .init())
        _ = parser.parse(Array("garbage\r\n\r\n".utf8)[...])
        let (consumed, event) = parser.parse(Array("GET / HTTP/1.1\r\n\r\n".utf8)[...])
        #expect(consumed == 0)
        if case .failure = event {} else { Issue.record("expected the failure again") }
        parser.reset()
        if case .request = parser.parse(Array("GET / HTTP/1.1\r\n\r\n".utf8)[...]).event {
        } else {
            Issue.record("expected a request")
        }
    }
}
