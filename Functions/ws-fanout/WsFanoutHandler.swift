import CloudEvents
import Dapr
import DaprSubscriber
import FunctionRuntime
import HTTPClient
import HTTPTypes
import LiveUpdates

/// ws-fanout: each user-visible event gets the user's next seq, goes into the user's replay history, and is
/// pushed to every ws-gateway replica holding a connection of that user (docs/websocket.md). The user is the
/// event's `partitionkey`. A push that fails is only logged: the event is in the history, so the browser gets it
/// when it reconnects with `since=` (the gateway closes a connection whose seqs stop following with 1013). A replica
/// that refuses the connection is taken out of the user's presence (``PresencePruner``).
///
/// `POST /internal/deliver` (Dapr service invocation only) does the same for one event and says how many of the
/// user's connections it reached: reminder-fire pushes a ReminderTriggered this way and records ReminderDelivered
/// or ReminderFailed from the answer (docs/consumers.md).
struct WsFanoutHandler: RoutedFunction, CloudEventFunction {
    static let subscriptions = ["task-events", "reminder-events", "recurring-events"].map { topic in
        DaprSubscription(
            pubsub: "todo-pubsub", topic: topic, route: "/events/\(topic)", deadLetterTopic: "\(topic)-dead-letters")
    }
    static let routes = Router<Self>().subscriptions().post("/internal/deliver", Self.deliver)

    let sequencer: LiveSequencer
    /// A user's events one at a time in this instance.
    let queue = UserQueue()
    let dapr: any DaprClient
    let client: HTTPClient
    /// Sent as `dapr-api-token` to the gateway's `/internal/push`.
    let appToken: String?
    /// The clock, in Unix milliseconds.
    var now: @Sendable () -> Int64

    func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
        guard let userID = Self.user(of: event) else {
            context.logger.warning("Event without a user (partitionkey); dropped", metadata: ["ce.id": .string(event.id)])
            return .drop
        }
        _ = try await fanOut(event, to: userID, context: context)
        return .success
    }

    /// `POST /internal/deliver`, body one CloudEvent (structured JSON) with a `partitionkey`: sequenced and pushed
    /// as a delivered event is (a repeat keeps its first seq). 200 `{"seq":N,"connections":K}`, K the user's
    /// connections on the replicas that took the push (0: nobody is connected, or no replica answered); 400 for a
    /// body that is not such an event.
    func deliver(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let event: CloudEvent
        do {
            event = try CloudEvent(jsonBytes: request.body)
        } catch {
            throw HTTPError(.badRequest, message: "the body is not a CloudEvent in JSON: \(error)")
        }
        guard let userID = Self.user(of: event) else {
            throw HTTPError(.badRequest, message: "the event has no partitionkey (its user)")
        }
        let (seq, connections) = try await fanOut(event, to: userID, context: context)
        return HTTPResponse(
            status: .ok, contentType: "application/json", text: #"{"seq":\#(seq),"connections":\#(connections)}"#)
    }

    private static func user(of event: CloudEvent) -> String? {
        guard let userID = event.extensions["partitionkey"]?.stringValue, !userID.isEmpty else { return nil }
        return userID
    }

    /// Sequences `event` for `userID` and pushes it; its seq and the connections the push reached.
    private func fanOut(_ event: CloudEvent, to userID: String, context: FunctionContext) async throws -> (Int64, Int) {
        let json = event.jsonBytes()
        return try await queue.serialized(userID) {
            let (live, isNew) = try await sequencer.assign(json, id: event.id, to: userID)
            if !isNew { context.logger.debug("Repeated event keeps its seq", metadata: ["seq": "\(live.seq)"]) }
            return (live.seq, await push(LivePush(userID: userID, event: live), context: context))
        }
    }

    /// Posts the event to each live replica in the user's presence; the connections they report holding.
    private func push(_ push: LivePush, context: FunctionContext) async -> Int {
        guard let entry = try? await dapr.getState(store: LiveState.storeName, key: LiveState.presenceKey(push.userID)),
            let presence = try? LivePresence(json: entry.value)
        else { return 0 }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let appToken { headers["dapr-api-token"] = appToken }
        let body = push.json
        var connections = 0
        for replica in presence.live(at: now()) {
            do {
                let response = try await client.execute(
                    .post, url: replica + "/internal/push", headers: headers, body: body, timeout: .seconds(5))
                if response.status.code == 204 {
                    connections += response.headers["Live-Connections"].flatMap { Int($0) } ?? 0
                } else {
                    context.logger.warning(
                        "Push refused",
                        metadata: ["replica.url": .string(replica), "http.status": .integer(response.status.code)])
                }
            } catch let error as HTTPClientError where error.code == .connect {
                // Nothing listens there any more: the replica is gone (or moved), so it leaves the user's presence.
                let removed = await PresencePruner(dapr: dapr).remove(
                    replica, of: push.userID, seenExpiry: presence.replicas[replica] ?? 0)
                context.logger.warning(
                    "Push refused: replica gone",
                    metadata: [
                        "replica.url": .string(replica), "error": "\(error)", "presence.removed": "\(removed)",
                    ])
            } catch {
                context.logger.warning("Push failed", metadata: ["replica.url": .string(replica), "error": "\(error)"])
            }
        }
        return connections
    }
}
