import HTTPTypes
import Testing

@Suite struct HTTPHeadersTests {
    @Test("looks names up without regard to ASCII case and keeps repeats")
    func caseInsensitiveLookup() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add(name: "Set-Cookie", value: "a=1")
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        headers["Content-Type"] = nil
        #expect(!headers.contains("content-type"))
    }
}

@Suite struct HTTPRequestTests {
    @Test("splits path and query and decodes query items")
    func pathAndQuery() {
        let request = HTTPRequest(method: .get, target: "/api/alice/tasks?tag=a%20b&q=x+y&flag")
        #expect(request.path == "/api/alice/tasks")
        #expect(request.queryValue("tag") == "a b")
        #expect(request.queryValue("q") == "x y")
        #expect(request.queryValue("flag") == "")
        #expect(request.queryValue("missing") == nil)
    }
}

@Suite struct PercentEncodingTests {
    @Test("round-trips bytes outside the unreserved set", arguments: ["a b", "ü/%", "ce-id:1+2", "~._-"])
    func roundTrip(text: String) {
        #expect(PercentEncoding.decode(PercentEncoding.encode(text)) == text)
    }

    @Test("keeps a malformed escape as it is")
    func malformedEscape() {
        #expect(PercentEncoding.decode("100%zz") == "100%zz")
        #expect(PercentEncoding.decode("%4") == "%4")
    }
}

@Suite struct RequestTargetTests {
    @Test("plain targets pass: encoded characters other than . / \\ and controls, a trailing slash, any query")
    func plain() {
        for target in [
            "/", "/api/alice/tasks", "/api/alice/tasks/", "/api/al%C3%A9/tasks?q=a%00b&x=..", "/audit?limit=5",
            "/v1.0/invoke/b/method/x", "/a%20b", "/.well-known", "/a/...", "/a/.b", "/%25",
        ] {
            #expect(RequestTarget.problem(target) == nil, "\(target)")
        }
    }

    @Test("dot segments, //, backslash, encoded . / \\ and controls, raw controls and malformed escapes are refused")
    func refused() {
        for target in [
            "/audit/../events/task-events", "/api/./x", "/api/..", "/api/%2e%2e/metrics", "/api/%2E./x", "/api/.%2e",
            "/api/..%2fmetrics", "/api%2Fx", "/api%5c..%5cx", "/api\\..\\x", "//events/x", "/api//x", "/a/%00",
            "/a/%0a", "/a/%7F", "/api/alice/tasks\t", "/api/a\u{01}", "/api?x=\t", "/a b", "/a/%zz", "/a/%2",
            "events/x", "", "*",
        ] {
            #expect(RequestTarget.problem(target) != nil, "\(target.debugDescription)")
        }
    }
}

@Suite struct ConstantTimeTests {
    @Test("matches only the exact token; never an empty expected token")
    func matches() {
        let expected = Array("s3cret".utf8)
        #expect(ConstantTime.matches("s3cret", expected))
        #expect(!ConstantTime.matches("s3cre", expected))
        #expect(!ConstantTime.matches("s3crets", expected))
        #expect(!ConstantTime.matches("S3cret", expected))
        #expect(!ConstantTime.matches(nil, expected))
        #expect(!ConstantTime.matches("", []))
        #expect(!ConstantTime.matches("x", []))
    }
}
