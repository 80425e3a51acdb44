import FunctionBootstrap
import Storage

// task-crud: the tasks REST API and the outbox relay (see TaskCrudHandler), which starts and drains with the server.
let app = await FunctionBootstrap.start(outboxTopics: ["task-events", "reminder-events"])
let relay = app.outboxRelay()
let handler = TaskCrudHandler(
    tasks: app.stores.tasks, rules: app.stores.recurrenceRules, conversations: app.stores.conversations,
    settings: app.stores.settings, authenticator: app.authenticator, relay: relay)
await app.serve(handler, services: [relay])
