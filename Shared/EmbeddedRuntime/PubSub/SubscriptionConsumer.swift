import EmbeddedSeams
import Wakeup

/// The consumer of one subscription (app-id + pubsub + topic): reads the log in batches from its committed
/// position, delivers messages of one partition key one at a time and different keys concurrently (up to the
/// policy's concurrency), and persists the committed position (the highest sequence below which everything is
/// done). At-least-once: after a crash, messages above the committed position are delivered again.
///
/// A bulk subscription (`bulkSubscribe.enabled`) gets bulk requests instead (`BulkDeliverer`), at most
/// `policy.bulkConcurrency` in flight. A free sender takes everything ready at once, up to `maxMessagesCount`:
/// the first message of every key no other bulk holds, each followed by that key's later waiting messages, sorted
/// into log order. So one key's messages never sit in two bulks in flight, and sit in log order within one. Batches
/// form from what arrives while the bulks in flight are answered: a lone event goes out at once, alone, and under
/// load the bulks grow; nothing ever waits for a bulk to fill, so `maxAwaitDurationMs` is only an upper bound that
/// is always met. daprd's Kafka consumer differs: it collects a partition's records until `maxMessagesCount` or
/// until `maxAwaitDurationMs` has passed, so under light load every event waits the full duration (1 s by default).
actor SubscriptionConsumer {
    let subscription: ResolvedSubscription
    private let log: MessageLog
    private let deliverer: MessageDeliverer
    private let policy: DeliveryPolicy
    private let logger: RuntimeLogger
    nonisolated let signal = WakeSignal()

    private var committed: Int64 = 0
    private var persisted: Int64 = 0
    private var readUpTo: Int64 = 0
    private var order: [Int64] = []
    private var orderHead = 0
    private var done: Set<Int64> = []
    private var ready: [LogMessage] = []
    private var readyHead = 0
    private var waitingByKey: [String: KeyQueue] = [:]
    private var activeKeys: Set<String> = []
    // Messages of a key left undone in the batch that holds the key; the key is released when it reaches zero.
    private var heldRemaining: [String: Int] = [:]
    private var workers: [Task<Void, Never>] = []
    private var idle: [CheckedContinuation<[LogMessage]?, Never>] = []
    private var persisting = false
    private var stopped = false
    private var loop: Task<Void, Never>?
    private var sweeper: Task<Void, Never>?
    private let watchdog: DeliveryWatchdog
    // Messages per delivery: `maxMessagesCount` for a bulk subscription, else 1.
    private let capacity: Int

    init(
        subscription: ResolvedSubscription, log: MessageLog, channel: @escaping AppChannel, policy: DeliveryPolicy,
        logger: RuntimeLogger, deadLetter: @escaping @Sendable (LogMessage, String) async throws -> Void
    ) {
        self.subscription = subscription
        self.log = log
        self.policy = policy
        self.logger = logger
        let watchdog = DeliveryWatchdog(timeout: policy.timeout)
        self.watchdog = watchdog
        capacity = subscription.bulk.map { max(1, $0.maxMessagesCount) } ?? 1
        deliverer = MessageDeliverer(
            subscription: subscription, channel: channel, policy: policy, log: log, deadLetter: deadLetter,
            logger: logger, watchdog: watchdog)
    }

    private var outstanding: Int { order.count - orderHead }
    // Messages read ahead of the committed position; a message stuck in retries holds the position, and the
    // subscription stops reading once this many are outstanding.
    private var window: Int { max(policy.batchSize * 32, policy.concurrency * 64) }

    /// Loads the committed position and starts the read loop.
    func start() async throws {
        committed = try await log.position(
            appID: subscription.appID, pubsub: subscription.pubsub, topic: subscription.topic)
        persisted = committed
        readUpTo = committed
        loop = Task { await self.run() }
        let deliverer = self.deliverer
        let bulk = subscription.bulk == nil ? nil : BulkDeliverer(single: deliverer)
        for _ in 0..<(bulk == nil ? policy.concurrency : policy.bulkConcurrency) {
            workers.append(
                Task.detached {
                    var previous: [LogMessage] = []
                    while let batch = await self.take(completing: previous) {
                        if let bulk {
                            previous = await bulk.deliver(batch) { partial in await self.finished(partial) }
                        } else {
                            previous = await deliverer.deliver(batch[0]) ? batch : []
                        }
                    }
                })
        }
        let watchdog = self.watchdog
        sweeper = Task { await watchdog.sweep() }
    }

    /// Stops reading, cancels in-flight deliveries (they stay unacknowledged) and persists the position.
    func stop() async {
        stopped = true
        signal.wake()
        await loop?.value
        sweeper?.cancel()
        for waiter in idle { waiter.resume(returning: nil) }
        idle.removeAll()
        for worker in workers { worker.cancel() }
        for worker in workers { await worker.value }
        workers.removeAll()
        await persist()
    }

    private func run() async {
        while !stopped {
            if outstanding < window {
                do {
                    let batch = try await log.read(
                        pubsub: subscription.pubsub, topic: subscription.topic, after: readUpTo,
                        limit: policy.batchSize)
                    if stopped { return }
                    if !batch.isEmpty {
                        for message in batch { enqueue(message) }
                        readUpTo = batch[batch.count - 1].seq
                        pump()
                        // A short batch holds everything committed before the read; a later publish raises the
                        // signal after its commit (level-triggered: not lost while reading). Only a full batch
                        // may have left rows behind, so only then read again at once (an empty read is a hop to
                        // the reader thread and a transaction, once per wake and subscription).
                        if batch.count >= policy.batchSize { continue }
                    }
                } catch {
                    logger.error("pubsub: reading the log for \(subscription.topic) failed: \(error)")
                    try? await Task.sleep(for: .milliseconds(200))
                    continue
                }
            }
            await signal.wait()
        }
    }

    private func enqueue(_ message: LogMessage) {
        order.append(message.seq)
        guard let key = message.partitionKey, !key.isEmpty else {
            ready.append(message)
            return
        }
        if activeKeys.contains(key) {
            waitingByKey[key, default: KeyQueue()].append(message)
        } else {
            activeKeys.insert(key)
            ready.append(message)
        }
    }

    /// Hands ready batches to idle workers.
    private func pump() {
        while !stopped, !idle.isEmpty, readyHead < ready.count {
            idle.removeLast().resume(returning: nextBatch())
        }
    }

    /// Up to `capacity` ready messages: each ready one, followed by its key's waiting messages while room is left
    /// (the batch then holds the key for all of them), in log order.
    private func nextBatch() -> [LogMessage] {
        var batch: [LogMessage] = []
        while batch.count < capacity, readyHead < ready.count {
            let message = ready[readyHead]
            readyHead += 1
            batch.append(message)
            guard let key = message.partitionKey, !key.isEmpty else { continue }
            var held = 1
            if batch.count < capacity, let taken = waitingByKey[key]?.take(capacity - batch.count) {
                batch.append(contentsOf: taken)
                held += taken.count
                if waitingByKey[key]?.isEmpty == true { waitingByKey[key] = nil }
            }
            heldRemaining[key] = held
        }
        if readyHead > 1024, readyHead * 2 > ready.count {
            ready.removeFirst(readyHead)
            readyHead = 0
        }
        if batch.count > 1 { batch.sort { $0.seq < $1.seq } }
        return batch
    }

    /// Called by a worker: records the messages its previous batch completed, then returns the next batch (waiting
    /// for one if none is ready), or nil once the consumer stops.
    private func take(completing previous: [LogMessage]) async -> [LogMessage]? {
        finished(previous)
        if stopped { return nil }
        if readyHead < ready.count { return nextBatch() }
        return await withCheckedContinuation { idle.append($0) }
    }

    /// Marks `messages` done (acknowledged, dead-lettered or dropped), releases the keys whose batch is complete and
    /// advances the committed position. Ignored once stopping: in-flight messages stay unacknowledged.
    private func finished(_ messages: [LogMessage]) {
        guard !messages.isEmpty, !stopped else { return }
        for message in messages {
            done.insert(message.seq)
            guard let key = message.partitionKey, !key.isEmpty else { continue }
            let remaining = (heldRemaining[key] ?? 1) - 1
            if remaining > 0 {
                heldRemaining[key] = remaining
                continue
            }
            heldRemaining[key] = nil
            if let next = waitingByKey[key]?.popFirst() {
                ready.append(next)
                if waitingByKey[key]?.isEmpty == true { waitingByKey[key] = nil }
            } else {
                waitingByKey[key] = nil
                activeKeys.remove(key)
            }
        }
        let wasFull = outstanding >= window
        while orderHead < order.count, done.remove(order[orderHead]) != nil {
            committed = order[orderHead]
            orderHead += 1
        }
        if orderHead > 1024, orderHead * 2 > order.count {
            order.removeFirst(orderHead)
            orderHead = 0
        }
        pump()
        if wasFull, outstanding < window { signal.wake() }
        if committed > persisted, !persisting {
            persisting = true
            Task { await self.persistLoop() }
        }
    }

    private func persistLoop() async {
        // Positions are written at most every 20 ms: after a crash a few more messages are redelivered
        // (at-least-once), and the writer is not taken once per acknowledged message.
        try? await Task.sleep(for: .milliseconds(20))
        await persist()
        persisting = false
        if committed > persisted, !stopped {
            persisting = true
            Task { await self.persistLoop() }
        }
    }

    private func persist() async {
        let target = committed
        guard target > persisted else { return }
        do {
            try await log.setPosition(
                target, appID: subscription.appID, pubsub: subscription.pubsub, topic: subscription.topic)
            persisted = max(persisted, target)
        } catch {
            logger.error("pubsub: saving the position of \(subscription.topic) failed: \(error)")
        }
    }
}
