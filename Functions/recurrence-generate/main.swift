import Dapr
import EventRelay
import FunctionRuntime
import FunctionStorage
import Storage

// recurrence-generate: the next task of a series, exactly once (see RecurrenceGenerateHandler).
let configuration = Configuration.fromEnvironmentOrExit()
let logger = FunctionServer.makeLogger(configuration, handler: JSONLogHandler())
let dapr = HTTPDaprClient(configuration: configuration)
let stores = await Startup.required("open the database", logger: logger) {
    try await FunctionDatabase.open(configuration, outboxTopics: ["recurring-events"], logger: logger)
}
let publisher = await Startup.required("choose the outbox publish mode", logger: logger) {
    try DaprEventPublisher(dapr: dapr, configuration: configuration)
}
let relay = OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: publisher, lease: .seconds(10)))
let relayTask = Task { await relay.run(logger: logger) }
try await FunctionServer.run(
    RecurrenceGenerateHandler(
        rules: stores.recurrenceRules, processed: stores.processedEvents, occurrences: OccurrenceClient(dapr: dapr),
        relay: relay),
    configuration: configuration)
relayTask.cancel()
