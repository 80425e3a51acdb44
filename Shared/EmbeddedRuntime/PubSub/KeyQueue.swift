/// One partition key's waiting messages, in log order, taken from the front in O(1).
///
/// ``SubscriptionConsumer`` used `[LogMessage]` here and copied it out of its dictionary to remove the first one:
/// each acknowledged message copied its key's whole queue (every message retained and released), O(n²) under a
/// backlog. Profiled on the audit bench (20,000 events, 8 keys, four subscriptions): ~15% of the runtime's CPU.
/// Mutated in place through the dictionary (`waitingByKey[key]?.popFirst()`), it copies nothing.
struct KeyQueue {
    private var messages: [LogMessage] = []
    private var head = 0

    /// Whether no message waits.
    var isEmpty: Bool { head == messages.count }

    /// How many messages wait.
    var count: Int { messages.count - head }

    /// Adds `message` at the end.
    mutating func append(_ message: LogMessage) { messages.append(message) }

    /// Takes the first message, if any.
    mutating func popFirst() -> LogMessage? {
        guard head < messages.count else { return nil }
        let message = messages[head]
        head += 1
        compact()
        return message
    }

    /// Takes up to `limit` messages from the front.
    mutating func take(_ limit: Int) -> ArraySlice<LogMessage> {
        let end = head + min(max(limit, 0), count)
        let taken = messages[head..<end]
        head = end
        compact()
        return taken
    }

    /// Drops the taken messages once they are most of the storage (amortised O(1) per message).
    private mutating func compact() {
        if head == messages.count {
            messages.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024, head * 2 > messages.count {
            messages.removeFirst(head)
            head = 0
        }
    }
}
