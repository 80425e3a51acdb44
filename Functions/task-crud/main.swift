import FunctionBootstrap
import Storage

// task-crud: the tasks REST API and the outbox relay (see TaskCrudHandler), which starts and drains with the server.
let app = await FunctionBootstrap.start()
let relay = app.outboxRelay()
await app.serve(
    TaskCrudHandler(tasks: app.stores.tasks, authenticator: app.authenticator, relay: relay), services: [relay])
