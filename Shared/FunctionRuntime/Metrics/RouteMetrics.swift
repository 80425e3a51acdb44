import HTTPTypes
import Synchronization

/// The counters and latency histogram of one route label, behind one uncontended-cheap `Mutex`.
final class RouteMetrics: Sendable {
    struct RequestKey: Hashable, Comparable {
        var method: UInt8
        var status: Int16

        static func < (lhs: RequestKey, rhs: RequestKey) -> Bool {
            (lhs.method, lhs.status) < (rhs.method, rhs.status)
        }
    }

    struct Snapshot {
        var requests: [RequestKey: UInt64]
        var buckets: [UInt64]
        var sum: Double
        var count: UInt64
    }

    /// Method labels; any other method counts as `other`, so a client cannot grow the label set.
    static let methodLabels = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"]

    let label: String
    private let bounds: [Double]
    private let state: Mutex<Snapshot>

    init(label: String, bounds: [Double]) {
        self.label = label
        self.bounds = bounds
        state = Mutex(Snapshot(requests: [:], buckets: Array(repeating: 0, count: bounds.count + 1), sum: 0, count: 0))
    }

    func record(method: HTTPMethod, status: Int, seconds: Double) {
        let key = RequestKey(method: RouteMetrics.methodIndex(method), status: Int16(clamping: status))
        let bucket = bounds.firstIndex { seconds <= $0 } ?? bounds.count
        state.withLock { snapshot in
            snapshot.requests[key, default: 0] &+= 1
            snapshot.buckets[bucket] &+= 1
            snapshot.sum += seconds
            snapshot.count &+= 1
        }
    }

    func snapshot() -> Snapshot { state.withLock { $0 } }

    private static func methodIndex(_ method: HTTPMethod) -> UInt8 {
        let raw = method.rawValue
        for (index, label) in methodLabels.enumerated().dropLast() where label == raw { return UInt8(index) }
        return UInt8(methodLabels.count - 1)
    }
}
