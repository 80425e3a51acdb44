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
