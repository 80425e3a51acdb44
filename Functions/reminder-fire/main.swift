import Dapr
import EventRelay
import FunctionRuntime
import FunctionStorage
import Storage

// reminder-fire: the reminder jobs and their triggers, over the tasks database (see ReminderFireHandler).
let configuration = Configuration.fromEnvironmentOrExit()
let logger = FunctionServer.makeLogger(configuration, handler: JSONLogHandler())
let dapr = HTTPDaprClient(configuration: configuration)
let stores = await Startup.required("open the database", logger: logger) {
    try await FunctionDatabase.open(configuration, outboxTopics: ["reminder-events"], logger: logger)
}
let publisher = await Startup.required("choose the outbox publish mode", logger: logger) {
    try DaprEventPublisher(dapr: dapr, configuration: configuration)
}
let relay = OutboxRelayWorker(relay: OutboxRelay(store: stores.outbox, publisher: publisher, lease: .seconds(10)))
let relayTask = Task { await relay.run(logger: logger) }
try await FunctionServer.run(
    ReminderFireHandler(
        tasks: stores.tasks, reminders: stores.reminders,
        jobs: ReminderJobs(dapr: dapr, tasks: stores.tasks, reminders: stores.reminders), relay: relay),
    configuration: configuration)
relayTask.cancel()
