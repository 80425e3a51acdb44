import FoundationEssentials
import HTTPTypes
import JSON
import Testing

@testable import EmbeddedRuntime

/// The publish path's shortcuts (issue 12's throughput) answer exactly what the general code they stand in for
/// answers: the wrapped envelope written from members in key order, the media type read byte by byte, the
/// loopback `Host` check, the nesting depth over contiguous bytes.
@Suite("The publish path's fast paths agree with the general code")
struct PublishFastPathTests {
    /// The media type as `PublishAPI.mediaType` computed it before its byte path.
    private static func referenceMediaType(_ contentType: String) -> String {
        String(contentType.split(separator: ";").first ?? "").lowercased().filter { $0 != " " && $0 != "\t" }
    }

    @Test("a wrapped event's members come in key order and write the bytes of the sorted dictionary")
    func wrappedEnvelope() throws {
        let payloads: [CloudEventEnvelope.Payload] = [
            .bytes(Array(#"{"b":[1,2.50],"a":"<&>"}"#.utf8)), .bytes(Array("not json".utf8)), .bytes([]),
            .bytes([0, 255, 10]), .json(.object(["z": .null, "y": .bool(true)])), .json(.string("x\u{2028}")),
        ]
        let contentTypes: [String?] = [
            nil, "", "application/json", "Application/JSON; charset=utf-8", "text/plain", "application/octet-stream",
            " application/json ", "application/xml",
        ]
        let metadatas: [[String: String]] = [
            [:], ["cloudevent.subject": "s", "cloudevent.ID": "fixed", "cloudevent.type": "t", "partitionKey": "k"],
            ["cloudevent.traceid": "00-a-b-01", "cloudevent.tracestate": "x=1", "cloudevent.source": "src"],
        ]
        var checked = 0
        for payload in payloads {
            for contentType in contentTypes {
                for metadata in metadatas {
                    for ttl in [nil, 60] as [Int?] {
                        let members = CloudEventEnvelope.wrap(
                            payload: payload, contentType: contentType, pubsub: "ps", topic: "orders", source: "app",
                            metadata: metadata, trace: .init(traceparent: "00-t-p-01", tracestate: "s=1"), ttl: ttl)
                        for (earlier, later) in zip(members, members.dropFirst()) {
                            #expect(earlier.key.utf8.lexicographicallyPrecedes(later.key.utf8), "\(earlier.key) \(later.key)")
                        }
                        let dictionary = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
                        #expect(
                            JSONValue.objectBytes(sortedMembers: members, escaping: .go)
                                == JSONValue.object(dictionary).bytes(escaping: .go))
                        #expect((dictionary["expiration"] != nil) == (ttl != nil))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 6 * 8 * 3 * 2)
    }

    @Test("the media type read byte by byte is the one the Character rules give")
    func mediaType() {
        let inputs = [
            "application/json", "Application/JSON; charset=utf-8", " text/plain ;x", ";a/b", ";;", "", "\t", " ;x",
            "APPLICATION/CLOUDEVENTS+JSON", "text/ plain", "Ä/json", "text/plain;\u{301}x", "a;b;c", "a\r\nb;c",
            "application/json;\u{E9}",
        ]
        for input in inputs {
            #expect(PublishAPI.mediaType(input) == Self.referenceMediaType(input), "\(input.debugDescription)")
        }
    }

    @Test("the loopback Host check reads 127.a.b.c[:port] directly and refuses what it refused before")
    func loopbackHosts() {
        for host in [
            "127.0.0.1", "127.0.0.1:3500", "127.255.255.255:1", "127.000.0.1", "localhost", "LocalHost:80", "[::1]",
            "[::1]:65535",
        ] {
            #expect(APIGuard.isLoopback(host: host), "\(host)")
        }
        for host in [
            "127.0.0.256", "127.0.0", "127.0.0.1:", "127.0.0.1:123456", "128.0.0.1", "127.0.0.1.", "0127.0.0.1",
            "127.0.0.1:80:80", "127.0.0.1 ", "127..0.1", "example.com", "localhost.evil", "[::2]", "127.0.0.1:8a",
        ] {
            #expect(!APIGuard.isLoopback(host: host), "\(host)")
        }
    }

    @Test("the nesting depth over an array is the depth over any sequence of its bytes")
    func nestingDepth() {
        for text in [#"{"a":[1,{"b":"]]]"}]}"#, "[[[]]]", #""\"[""#, "42", "}{", #"{"a":"\\"}"#] {
            let bytes = Array(text.utf8)
            #expect(JSONNesting.depth(of: bytes) == JSONNesting.depth(of: bytes.lazy.map { $0 }), "\(text)")
        }
        #expect(JSONNesting.depth(of: Array(#"{"a":[1,{"b":"]]]"}]}"#.utf8)) == 3)
        #expect(JSONNesting.depth(of: Array(repeating: UInt8(ascii: "["), count: 200)) == 200)
    }

    @Test("path segments, path and query read by byte are what the Character rules give")
    func pathsAndQueries() {
        let targets = [
            "/v1.0/publish/pubsub/orders", "/v1.0/publish/ps/a%2Fb+c?metadata.rawPayload=true&x=%41", "//a///b/",
            "/", "", "?q", "/a?b?c", "/caf\u{E9}/x?y=1", "/a\u{301}/b?\u{301}c", "/x%zz/%4", "/a+b%2B?",
        ]
        for target in targets {
            let request = HTTPRequest(method: .get, target: target)
            let characterMark = target.firstIndex(of: "?")
            #expect(request.path == (characterMark.map { target[..<$0] } ?? target[...]), "\(target)")
            #expect(request.query == characterMark.map { target[target.index(after: $0)...] }, "\(target)")
            let reference = request.path.split(separator: "/").map {
                PercentEncoding.decode(String($0), plusAsSpace: true)
            }
            #expect(APIRequest.segments(of: request.path) == reference, "\(target)")
            for item in [request.path, request.query ?? ""] {
                #expect(
                    PercentEncoding.decode(item, plusAsSpace: true) == PercentEncoding.decode(String(item), plusAsSpace: true))
                #expect(PercentEncoding.decode(item) == PercentEncoding.decode(String(item)))
            }
        }
    }

    @Test("the envelope's time, formatted once per second, is RFC3339.format's text for every instant")
    func timeText() {
        let instants: [Double] = [
            0, 0.999, 1, 1_765_000_000.0, 1_765_000_000.4999, 1_765_000_000.9999999, 1_765_000_001, -0.5, -1,
            1_765_000_000.5, 1_765_000_000.0001,
        ]
        for seconds in instants + instants.reversed() {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(CloudEventEnvelope.timeText(date) == RFC3339.format(date, milliseconds: false), "\(seconds)")
        }
    }

    @Test("UUIDs from the buffered random bytes are version 4, RFC 4122 variant, and distinct across refills")
    func uuids() {
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let text = RandomUUID.text()
            let bytes = Array(text.utf8)
            #expect(bytes.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { bytes[$0] == UInt8(ascii: "-") })
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect("89ab".utf8.contains(bytes[19]))
            seen.insert(text)
        }
        #expect(seen.count == 2_000)
    }
}
