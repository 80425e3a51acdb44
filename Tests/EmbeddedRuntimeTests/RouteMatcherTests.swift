import EmbeddedRuntime
import JSON
import Testing

@Suite("Route rules match over the JSON layer's values")
struct RouteMatcherTests {
    @Test("route rules: equality on event fields, && and ||, unsupported expressions never match")
    func routeMatcher() throws {
        let event = try JSONValue.parse(Array(#"{"type":"x","data":{"kind":"w","n":2}}"#.utf8), lenient: true)
        #expect(RouteMatcher.matches(#"event.type == "x""#, event: event))
        #expect(RouteMatcher.matches(#"event.data.kind == 'w' && event.data.n == 2"#, event: event))
        #expect(RouteMatcher.matches(#"event.type == "y" || event.type != "z""#, event: event))
        #expect(!RouteMatcher.matches(#"event.type == "y""#, event: event))
        #expect(!RouteMatcher.matches("event.type == order", event: event))
        #expect(!RouteMatcher.matches("size(event.data) > 1", event: event))
    }
}
