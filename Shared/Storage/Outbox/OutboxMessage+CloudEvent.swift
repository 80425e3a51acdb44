package import CloudEvents
import FoundationEssentials

extension OutboxMessage {
    /// The outbox row for `event`: its id (a UUID), its JSON format as the payload, the user id from its
    /// `partitionkey` extension as the partition key.
    /// - Parameters:
    ///   - event: a valid event whose id is a UUID and which carries `partitionkey`.
    ///   - topic: the pub/sub topic.
    /// - Throws: ``StorageError`` `.invalidInput` when the id is not a UUID or `partitionkey` is missing.
    package init(_ event: CloudEvent, topic: String) throws {
        guard let id = UUID(uuidString: event.id) else {
            throw StorageError(.invalidInput, message: "outbox event ids are UUIDs, not '\(event.id.prefix(80))'")
        }
        guard let partitionKey = event.extensions["partitionkey"]?.stringValue, !partitionKey.isEmpty else {
            throw StorageError(.invalidInput, message: "outbox event \(event.id) has no partitionkey extension")
        }
        self.init(
            eventID: id, topic: topic, partitionKey: partitionKey, eventType: event.type, payload: event.jsonBytes())
    }
}
