import FunctionRuntime
import FunctionTesting
import HTTPTypes
import Synchronization
import Testing

@Suite struct MetricsTests {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Parses the text exposition format: `# HELP`/`# TYPE` comments and `name{label="value",…} number` samples.
    static func parse(_ text: String) throws -> (types: [String: String], samples: [Sample]) {
        var types: [String: String] = [:]
        var samples: [Sample] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                try #require(parts.count == 4)
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            let space = try #require(line.lastIndex(of: " "))
            let value = try #require(Double(line[line.index(after: space)...]))
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                samples.append(Sample(name: String(series), labels: [:], value: value))
                continue
            }
            try #require(series.last == "}")
            var labels: [String: String] = [:]
            var rest = series[series.index(after: brace)..<series.index(before: series.endIndex)]
            while !rest.isEmpty {
                let equals = try #require(rest.firstIndex(of: "="))
                let name = String(rest[..<equals])
                var cursor = rest.index(after: equals)
                try #require(rest[cursor] == "\"")
                cursor = rest.index(after: cursor)
                var labelValue = ""
                while rest[cursor] != "\"" {
                    if rest[cursor] == "\\" { cursor = rest.index(after: cursor) }
                    labelValue.append(rest[cursor])
                    cursor = rest.index(after: cursor)
                }
                labels[name] = labelValue
                rest = rest[rest.index(after: cursor)...]
                if rest.first == "," { rest = rest.dropFirst() }
            }
            samples.append(Sample(name: String(series[..<brace]), labels: labels, value: value))
        }
        return (types, samples)
    }

    struct Handler: RoutedFunction {
        static let routes = Router<Self>()
            .get("/api/{user}/tasks/{id}", access: .public, Self.show)

        func show(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
            if context.parameters["id"] == "missing" { throw HTTPError(.notFound) }
            return HTTPResponse(status: .ok)
        }
    }

    @Test("counters are by route pattern, method and status, with a consistent histogram")
    func countersAndHistogram() async throws {
        let client = FunctionTestClient(Handler())
        for id in ["1", "2", "missing"] { _ = try await client.execute(.get, "/api/alice/tasks/\(id)") }
        _ = try await client.execute(.get, "/nowhere/\(Int.random(in: 0...1000))")
        _ = try await client.execute(HTTPRequest(method: HTTPMethod(rawValue: "BREW"), target: "/api/a/tasks/1"))
        _ = try await client.execute(.get, "/health/readiness")

        let response = try await client.execute(.get, "/metrics")
        #expect(response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        let (types, samples) = try Self.parse(response.text)
        #expect(
            types == [
                "http_requests_total": "counter", "http_request_duration_seconds": "histogram",
                "http_requests_in_flight": "gauge",
            ])
        func total(_ route: String, _ method: String, _ status: String) -> Double? {
            samples.first {
                $0.name == "http_requests_total" && $0.labels == ["route": route, "method": method, "status": status]
            }?.value
        }
        #expect(total("/api/{user}/tasks/{id}", "GET", "200") == 2)
        #expect(total("/api/{user}/tasks/{id}", "GET", "404") == 1)
        #expect(total("/api/{user}/tasks/{id}", "other", "405") == nil)
        #expect(total("unmatched", "GET", "404") == 1)
        #expect(total("unmatched", "other", "405") == 1)
        #expect(total("/health/readiness", "GET", "200") == 1)
        #expect(!samples.contains { $0.labels["route"]?.hasPrefix("/nowhere") == true })

        let buckets = samples.filter {
            $0.name == "http_request_duration_seconds_bucket" && $0.labels["route"] == "/api/{user}/tasks/{id}"
        }
        #expect(buckets.count == MetricsRegistry.bucketBounds.count + 1)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value })
        #expect(buckets.last?.labels["le"] == "+Inf")
        #expect(buckets.last?.value == 3)
        let count = samples.first {
            $0.name == "http_request_duration_seconds_count" && $0.labels["route"] == "/api/{user}/tasks/{id}"
        }
        #expect(count?.value == 3)
        #expect(samples.first { $0.name == "http_requests_in_flight" }?.value == 1)  // the /metrics request itself
    }

    @Test("a request in progress shows in http_requests_in_flight")
    func inFlight() async throws {
        let (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let client = FunctionTestClient(
            ClosureFunction { _, _ in
                enteredContinuation.yield()
                for await _ in release { break }
                return HTTPResponse(status: .ok)
            })
        async let slow = client.execute(.post, "/slow")
        for await _ in entered { break }
        let during = try Self.parse(client.metricsText).samples.first { $0.name == "http_requests_in_flight" }
        #expect(during?.value == 1)
        releaseContinuation.yield()
        #expect(try await slow.status == .ok)
        let after = try Self.parse(client.metricsText).samples.first { $0.name == "http_requests_in_flight" }
        #expect(after?.value == 0)
    }

    @Test("label values are escaped")
    func escaping() throws {
        let registry = MetricsRegistry(routeLabels: ["/a\"b\\c"])
        registry.finish(slot: 0, method: .get, status: 200, startedAt: registry.start())
        let samples = try Self.parse(registry.render()).samples
        #expect(samples.first { $0.name == "http_requests_total" }?.labels["route"] == "/a\"b\\c")
    }
}
