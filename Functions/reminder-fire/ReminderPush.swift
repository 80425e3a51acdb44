import CloudEvents
import Dapr
import FoundationEssentials
import HTTPTypes

/// ws-fanout's `POST /internal/deliver` through Dapr service invocation: sequences a ReminderTriggered into the
/// user's replay history (a repeat keeps its first seq) and pushes it to the gateway replicas holding the user.
struct ReminderPush: Sendable {
    let dapr: any DaprClient
    var appID = "ws-fanout"

    /// How many of the user's open connections the push reached (0: none is open). A reminder pushed to none
    /// waits in the history and reaches the browser when it reconnects.
    /// - Throws: when ws-fanout cannot be reached or answers anything but 200 (a failed attempt).
    func push(_ event: CloudEvent) async throws -> Int {
        let response = try await dapr.invoke(
            appID: appID, method: "internal/deliver", httpMethod: .post,
            headers: ["Content-Type": "application/cloudevents+json"], body: event.jsonBytes())
        guard response.status.code == 200 else {
            throw DaprError(
                code: .operationFailed,
                message: "ws-fanout answered \(response.status.code) to POST /internal/deliver: "
                    + String(decoding: response.body.prefix(200), as: UTF8.self))
        }
        struct Answer: Decodable { var connections: Int }
        return try JSONDecoder().decode(Answer.self, from: Data(response.body)).connections
    }
}
