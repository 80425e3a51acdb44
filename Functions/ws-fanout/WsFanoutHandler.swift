import CloudEvents
import Dapr
import FunctionRuntime
import HTTPClient
import HTTPTypes
import LiveUpdates

/// ws-fanout: each user-visible event gets the user's next seq, goes into the user's replay history, and is
/// pushed to every ws-gateway replica holding a connection of that user (docs/websocket.md). The user is the
/// event's `partitionkey`. A push that fails is only logged: the event is in the history, so the browser gets it
/// when it reconnects with `since=` (the gateway closes a connection whose seqs stop following with 1013).
struct WsFanoutHandler: RoutedFunction, CloudEventFunction {
    static let subscriptions = ["task-events", "reminder-events", "recurring-events"].map { topic in
        DaprSubscription(
            pubsub: "todo-pubsub", topic: topic, route: "/events/\(topic)", deadLetterTopic: "\(topic)-dead-letters")
    }
    static let routes = Router<Self>().subscriptions()

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
        guard let userID = event.extensions["partitionkey"]?.stringValue, !userID.isEmpty else {
            context.logger.warning("Event without a user (partitionkey); dropped", metadata: ["ce.id": .string(event.id)])
            return .drop
        }
        let json = event.jsonBytes()
        try await queue.serialized(userID) {
            let (live, isNew) = try await sequencer.assign(json, id: event.id, to: userID)
            if !isNew { context.logger.debug("Redelivered event keeps its seq", metadata: ["seq": "\(live.seq)"]) }
            await push(LivePush(userID: userID, event: live), context: context)
        }
        return .success
    }

    /// Posts the event to each live replica in the user's presence.
    private func push(_ push: LivePush, context: FunctionContext) async {
        guard let entry = try? await dapr.getState(store: LiveState.storeName, key: LiveState.presenceKey(push.userID)),
            let presence = try? LivePresence(json: entry.value)
        else { return }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let appToken { headers["dapr-api-token"] = appToken }
        let body = push.json
        for replica in presence.live(at: now()) {
            do {
                let response = try await client.execute(
                    .post, url: replica + "/internal/push", headers: headers, body: body, timeout: .seconds(5))
                if response.status.code != 204 {
                    context.logger.warning(
                        "Push refused",
                        metadata: ["replica.url": .string(replica), "http.status": .integer(response.status.code)])
                }
            } catch {
                context.logger.warning("Push failed", metadata: ["replica.url": .string(replica), "error": "\(error)"])
            }
        }
    }
}
