import EmbeddedRuntime
import HTTPServer
package import HTTPTypes
import JSON
import Synchronization

/// A subscriber app for benchmarks and crash tests: answers every request 200 (empty body) and counts the
/// distinct CloudEvent `data` strings it received, plus every POST. To `GET /dapr/subscribe` from app-id
/// `subscriber` it answers one subscription (pubsub `pubsub`, topic `bench`, route `/bench`); other apps get 404.
package final class CountingSubscriber: HTTPResponder {
    private let seen = Mutex<Set<String>>([])
    private let posts = Atomic<Int>(0)

    /// Creates an empty counter.
    package init() {}

    /// Distinct `data` values received.
    package var distinct: Int { seen.withLock { $0.count } }

    /// POSTs received (redeliveries included).
    package var deliveries: Int { posts.load(ordering: .relaxed) }

    /// Counts one delivery.
    package func respond(to request: HTTPRequest) async -> HTTPResponse {
        if request.method == .post {
            posts.add(1, ordering: .relaxed)
            if let data = (try? JSONValue.parse(request.body, lenient: true))?["data"]?.stringValue {
                _ = seen.withLock { $0.insert(data) }
            }
        }
        if request.target == "/dapr/subscribe" {
            // Only the app-id `subscriber` subscribes (the publisher app shares this server in tests).
            guard request.headers["Dapr-App-Id"] == "subscriber" else { return HTTPResponse(status: .notFound) }
            return HTTPResponse(
                status: .ok, contentType: "application/json",
                text: #"[{"pubsubname":"pubsub","topic":"bench","route":"/bench"}]"#)
        }
        return HTTPResponse(status: .ok)
    }
}
