import Glibc
package import HTTPTypes
import Synchronization

/// Request metrics in Prometheus text format: `http_requests_total{route,method,status}`,
/// `http_request_duration_seconds{route}` (histogram) and `http_requests_in_flight`.
///
/// Routes are known at start-up, so each has a slot found by index; the route label is the pattern, never the raw
/// path, which keeps cardinality bounded.
package final class MetricsRegistry: Sendable {
    /// Histogram upper bounds in seconds; finer than Prometheus's defaults below 5 ms, where functions live.
    package static let bucketBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    private let slots: [RouteMetrics]
    private let inFlight = Atomic<Int>(0)

    /// Creates a registry with one slot per route label, in order.
    package init(routeLabels: [String]) {
        slots = routeLabels.map { RouteMetrics(label: $0, bounds: MetricsRegistry.bucketBounds) }
    }

    /// Counts a request as in flight and returns its start time, to pass to `finish`.
    package func start() -> UInt64 {
        inFlight.wrappingAdd(1, ordering: .relaxed)
        return MetricsRegistry.monotonicNanoseconds()
    }

    /// Records a finished request in slot `slot` and takes it out of the in-flight gauge.
    package func finish(slot: Int, method: HTTPMethod, status: Int, startedAt start: UInt64) {
        let elapsed = MetricsRegistry.monotonicNanoseconds() &- start
        inFlight.wrappingSubtract(1, ordering: .relaxed)
        guard slots.indices.contains(slot) else { return }
        slots[slot].record(method: method, status: status, seconds: Double(elapsed) / 1e9)
    }

    /// The requests being handled right now.
    package var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }

    /// The exposition text (format 0.0.4); routes that saw no request are left out.
    package func render() -> String {
        let snapshots = slots.map { ($0.label, $0.snapshot()) }.filter { $0.1.count > 0 }
        var out = "# HELP http_requests_total HTTP requests handled, by route pattern, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        for (label, snapshot) in snapshots {
            for (key, count) in snapshot.requests.sorted(by: { $0.key < $1.key }) {
                let method = RouteMetrics.methodLabels[Int(key.method)]
                out +=
                    "http_requests_total{route=\"\(escape(label))\",method=\"\(method)\",status=\"\(key.status)\"} \(count)\n"
            }
        }
        out += "# HELP http_request_duration_seconds Time from request to response, by route pattern.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (label, snapshot) in snapshots {
            let route = "route=\"\(escape(label))\""
            var cumulative: UInt64 = 0
            for (index, bound) in MetricsRegistry.bucketBounds.enumerated() {
                cumulative += snapshot.buckets[index]
                out += "http_request_duration_seconds_bucket{\(route),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "http_request_duration_seconds_bucket{\(route),le=\"+Inf\"} \(snapshot.count)\n"
            out += "http_request_duration_seconds_sum{\(route)} \(snapshot.sum)\n"
            out += "http_request_duration_seconds_count{\(route)} \(snapshot.count)\n"
        }
        out += "# HELP http_requests_in_flight HTTP requests being handled.\n"
        out += "# TYPE http_requests_in_flight gauge\n"
        out += "http_requests_in_flight \(requestsInFlight)\n"
        return out
    }

    /// Escapes a label value as the text format requires (backslash, double quote, newline).
    private func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A monotonic clock reading in nanoseconds (the unit of `start()`'s result).
    package static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }
}
