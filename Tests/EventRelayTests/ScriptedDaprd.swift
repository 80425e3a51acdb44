import FoundationEssentials
import HTTPServer
import HTTPTypes
import Synchronization

/// A loopback stand-in for daprd's publish routes whose answers to bulk calls the test scripts: it records every
/// single publish and bulk call (entries as sent) and answers the next bulk calls from a queue.
final class ScriptedDaprd: Sendable {
    /// How to answer one bulk call.
    enum BulkAnswer: Sendable {
        /// 204: everything published.
        case accept
        /// 500 with `failedEntries` for these event ids (the others count as published).
        case failEntries(Set<UUID>)
        /// 500 `ERR_PUBSUB_PUBLISH_MESSAGE` without `failedEntries`: nothing can be trusted.
        case failWhole
        /// A 4xx with this status and Dapr error code (nil: a plain 404 from a daprd without the route).
        case clientError(Int, String?)
    }

    /// One bulk entry as daprd received it.
    struct Entry: Sendable, Equatable {
        var eventID: UUID
        var partitionKey: String?
        var contentType: String
        var event: [UInt8]
    }

    /// One publish (single) or bulk call as received.
    struct Call: Sendable {
        var topic: String
        var bulk: Bool
        var entries: [Entry]
    }

    private struct State {
        var answers: [BulkAnswer] = []
        var calls: [Call] = []
        /// Ids of events daprd accepted (a broker would have them), in order, repeats included.
        var accepted: [UUID] = []
    }

    private let state = Mutex(State())
    private let server: HTTPServer
    /// The URL to give `HTTPDaprClient`.
    let endpoint: String

    /// Starts the server on 127.0.0.1 and a free port; with `bulkDelay`, each bulk call is answered that much later
    /// (a broker that takes its time, so a relay is caught mid-publish).
    init(bulkDelay: Duration? = nil) throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 1
        configuration.handlesSignals = false
        configuration.shutdownGracePeriod = .seconds(2)
        let responder = Responder(bulkDelay: bulkDelay)
        server = HTTPServer(configuration: configuration, responder: responder)
        endpoint = "http://127.0.0.1:\(try server.start())"
        responder.daprd.withLock { $0 = self }
    }

    /// Queues answers for the next bulk calls; once the queue is empty, bulk calls are accepted.
    func script(_ answers: BulkAnswer...) { state.withLock { $0.answers += answers } }

    /// Every call so far.
    var calls: [Call] { state.withLock { $0.calls } }
    /// Ids of the events accepted so far, in order.
    var accepted: [UUID] { state.withLock { $0.accepted } }

    /// Stops the server.
    func stop() async {
        server.shutdown()
        try? await server.run()
    }

    fileprivate func answer(_ request: HTTPRequest) -> HTTPResponse {
        let path = String(request.path)
        if path.hasPrefix("/v1.0-alpha1/publish/bulk/todo-pubsub/") {
            return bulk(topic: String(path.dropFirst("/v1.0-alpha1/publish/bulk/todo-pubsub/".count)), request.body)
        }
        guard path.hasPrefix("/v1.0/publish/todo-pubsub/"),
            let event = try? JSONDecoder().decode(EventID.self, from: Data(request.body))
        else { return HTTPResponse(status: .notFound) }
        let key = request.queryItems.first { $0.name == "metadata.partitionKey" }?.value
        let entry = Entry(
            eventID: event.id, partitionKey: key, contentType: request.headers["Content-Type"] ?? "",
            event: request.body)
        state.withLock {
            $0.calls.append(
                Call(topic: String(path.dropFirst("/v1.0/publish/todo-pubsub/".count)), bulk: false, entries: [entry]))
            $0.accepted.append(event.id)
        }
        return HTTPResponse(status: .noContent)
    }

    private func bulk(topic: String, _ body: [UInt8]) -> HTTPResponse {
        guard let wire = try? JSONDecoder().decode([WireEntry].self, from: Data(body)) else {
            return Self.error(400, "ERR_PUBSUB_EVENTS_SER")
        }
        let entries = wire.map {
            Entry(
                eventID: $0.event.id, partitionKey: $0.metadata?["partitionKey"], contentType: $0.contentType,
                event: Self.rawEvent(of: $0.entryId, in: body))
        }
        return state.withLock { state in
            state.calls.append(Call(topic: topic, bulk: true, entries: entries))
            let answer = state.answers.isEmpty ? .accept : state.answers.removeFirst()
            switch answer {
            case .accept:
                state.accepted += entries.map(\.eventID)
                return HTTPResponse(status: .noContent)
            case .failEntries(let failing):
                state.accepted += entries.map(\.eventID).filter { !failing.contains($0) }
                let failed = wire.filter { failing.contains($0.event.id) }.map {
                    #"{"entryId":"\#($0.entryId)","error":"broker unavailable"}"#
                }
                let text = #"{"failedEntries":[\#(failed.joined(separator: ","))],"errorCode":"ERR_PUBSUB_PUBLISH_MESSAGE"}"#
                return HTTPResponse(
                    status: HTTPStatus(code: 500), headers: ["Content-Type": "application/json"], body: Array(text.utf8))
            case .failWhole:
                return Self.error(500, "ERR_PUBSUB_PUBLISH_MESSAGE")
            case .clientError(let status, let code):
                return code.map { Self.error(status, $0) } ?? HTTPResponse(status: HTTPStatus(code: status))
            }
        }
    }

    /// The bytes of entry `entryID`'s `event` exactly as sent (the client writes them raw, as stored).
    private static func rawEvent(of entryID: String, in body: [UInt8]) -> [UInt8] {
        let text = String(decoding: body, as: UTF8.self)
        guard let entry = text.firstRange(of: #"{"entryId":"\#(entryID)","event":"#),
            let end = text[entry.upperBound...].firstRange(of: #","contentType":"#)
        else { return [] }
        return Array(text[entry.upperBound..<end.lowerBound].utf8)
    }

    private static func error(_ status: Int, _ code: String) -> HTTPResponse {
        HTTPResponse(
            status: HTTPStatus(code: status), headers: ["Content-Type": "application/json"],
            body: Array(#"{"errorCode":"\#(code)","message":"scripted"}"#.utf8))
    }

    private struct EventID: Decodable { var id: UUID }

    private struct WireEntry: Decodable {
        var entryId: String
        var event: EventID
        var contentType: String
        var metadata: [String: String]?
    }

    /// Hands requests to the daprd once it exists (the server starts before `self` is complete).
    private final class Responder: HTTPResponder {
        let daprd = Mutex<ScriptedDaprd?>(nil)
        let bulkDelay: Duration?

        init(bulkDelay: Duration?) { self.bulkDelay = bulkDelay }

        func respond(to request: HTTPRequest) async -> HTTPResponse {
            guard let daprd = daprd.withLock({ $0 }) else { return HTTPResponse(status: HTTPStatus(code: 503)) }
            if let bulkDelay, request.path.hasPrefix("/v1.0-alpha1/publish/bulk/") { try? await Task.sleep(for: bulkDelay) }
            return daprd.answer(request)
        }
    }
}
