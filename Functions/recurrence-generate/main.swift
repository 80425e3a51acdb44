import FunctionBootstrap
import Storage

// recurrence-generate: the next task of a series, exactly once (see RecurrenceGenerateHandler).
let app = await FunctionBootstrap.start(outboxTopics: ["recurring-events"], signingKey: false)
let relay = app.outboxRelay()
let handler = RecurrenceGenerateHandler(
    rules: app.stores.recurrenceRules, processed: app.stores.processedEvents, reminders: app.stores.reminders,
    occurrences: OccurrenceClient(dapr: app.dapr),
    relay: relay)
await app.serve(handler, services: [relay], callsOutFirst: true)
