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
/// Deliveries come in bulk: a bulk's events of one user are sequenced together (two state calls for all of them,
/// ``LiveSequencer``) and pushed in order after one presence read; up to 16 users at once. A failure answers RETRY
/// for that user's events alone.
///
/// `POST /internal/deliver` (Dapr service invocation only) does the same for one event and says how many of the
/// user's connections it reached: reminder-fire pushes a ReminderTriggered this way and records ReminderDelivered
/// or ReminderFailed from the answer (docs/consumers.md).
struct WsFanoutHandler: RoutedFunction, CloudEventFunction {
    static let subscriptions = ["task-events", "reminder-events", "recurring-events"].map { topic in
        DaprSubscription(
            pubsub: "todo-pubsub", topic: topic, route: "/events/\(topic)", deadLetterTopic: "\(topic)-dead-letters",
            bulk: .init(maxMessagesCount: 100, maxAwaitDurationMs: 10))
    }
    static let routes = Router<Self>().subscriptions().post("/internal/deliver", Self.deliver)
    /// Users whose events one bulk handles at once.
    static let userConcurrency = 16

    let sequencer: LiveSequencer
    /// A user's events one batch at a time in this instance.
    let queue = UserQueue()
    let dapr: any DaprClient
    let client: HTTPClient
    /// Sent as `dapr-api-token` to the gateway's `/internal/push`.
    let appToken: String?
    /// The clock, in Unix milliseconds.
    var now: @Sendable () -> Int64

    func handle(_ event: CloudEvent, context: FunctionContext) async throws -> DaprEventStatus {
        try await handleBulk([event], context: context)[0]
    }

    func handleBulk(_ events: [CloudEvent], context: FunctionContext) async throws -> [DaprEventStatus] {
        var statuses = [DaprEventStatus](repeating: .retry, count: events.count)
        var positions: [String: [Int]] = [:]
        var users: [String] = []
        for (index, event) in events.enumerated() {
            guard let userID = Self.user(of: event) else {
                context.logger.warning("Event without a user (partitionkey); dropped", metadata: ["ce.id": .string(event.id)])
                statuses[index] = .drop
                continue
            }
            if positions[userID] == nil { users.append(userID) }
            positions[userID, default: []].append(index)
        }
        await withTaskGroup(of: (positions: [Int], done: Bool).self) { group in
            var running = 0
            for userID in users {
                if running == Self.userConcurrency, let finished = await group.next() {
                    for index in finished.positions { statuses[index] = finished.done ? .success : .retry }
                    running -= 1
                }
                let mine = positions[userID] ?? []
                group.addTask {
                    do {
                        _ = try await fanOut(mine.map { events[$0] }, to: userID, context: context)
                        return (mine, true)
                    } catch {
                        context.logger.error(
                            "Fan-out failed; asking Dapr to retry",
                            metadata: ["error": "\(error)", "events": .integer(mine.count)])
                        return (mine, false)
                    }
                }
                running += 1
            }
            for await finished in group {
                for index in finished.positions { statuses[index] = finished.done ? .success : .retry }
            }
        }
        return statuses
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
        let (seq, connections) = try await fanOut([event], to: userID, context: context)[0]
        return HTTPResponse(
            status: .ok, contentType: "application/json", text: #"{"seq":\#(seq),"connections":\#(connections)}"#)
    }

    private static func user(of event: CloudEvent) -> String? {
        guard let userID = event.extensions["partitionkey"]?.stringValue, !userID.isEmpty else { return nil }
        return userID
    }

    /// Sequences `events` (one user's, in order) for `userID` and pushes them; each one's seq and the connections
    /// its push reached.
    private func fanOut(_ events: [CloudEvent], to userID: String, context: FunctionContext) async throws -> [(Int64, Int)] {
        let items = events.map { LiveSequencer.Item(event: $0.jsonBytes(), id: $0.id) }
        return try await queue.serialized(userID) {
            let assigned = try await sequencer.assign(items, to: userID)
            if assigned.contains(where: { !$0.isNew }) { context.logger.debug("Repeated events keep their seqs") }
            let connections = await push(assigned.map(\.0), of: userID, context: context)
            return zip(assigned, connections).map { ($0.0.seq, $1) }
        }
    }

    /// Posts each event, in order, to each live replica in the user's presence (read once); per event, the
    /// connections the replicas reported holding.
    private func push(_ events: [LiveEvent], of userID: String, context: FunctionContext) async -> [Int] {
        var connections = [Int](repeating: 0, count: events.count)
        guard let entry = try? await dapr.getState(store: LiveState.storeName, key: LiveState.presenceKey(userID)),
            let presence = try? LivePresence(json: entry.value)
        else { return connections }
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let appToken { headers["dapr-api-token"] = appToken }
        for replica in presence.live(at: now()) {
            for (index, event) in events.enumerated() {
                do {
                    let response = try await client.execute(
                        .post, url: replica + "/internal/push", headers: headers,
                        body: LivePush(userID: userID, event: event).json, timeout: .seconds(5))
                    if response.status.code == 204 {
                        connections[index] += response.headers["Live-Connections"].flatMap { Int($0) } ?? 0
                    } else {
                        context.logger.warning(
                            "Push refused",
                            metadata: ["replica.url": .string(replica), "http.status": .integer(response.status.code)])
                    }
                } catch let error as HTTPClientError where error.code == .connect {
                    // Nothing listens there any more: the replica is gone (or moved), so it leaves the user's presence
                    // and gets none of the batch's later events.
                    let removed = await PresencePruner(dapr: dapr).remove(
                        replica, of: userID, seenExpiry: presence.replicas[replica] ?? 0)
                    context.logger.warning(
                        "Push refused: replica gone",
                        metadata: [
                            "replica.url": .string(replica), "error": "\(error)", "presence.removed": "\(removed)",
                        ])
                    break
                } catch {
                    context.logger.warning("Push failed", metadata: ["replica.url": .string(replica), "error": "\(error)"])
                }
            }
        }
        return connections
    }
}
