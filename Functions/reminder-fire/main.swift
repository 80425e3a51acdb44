import FunctionBootstrap
import Storage

// reminder-fire: the reminder jobs and their triggers, over the tasks database (see ReminderFireHandler).
let app = await FunctionBootstrap.start(outboxTopics: ["reminder-events"], signingKey: false)
let relay = app.outboxRelay()
let jobs = ReminderJobs(dapr: app.dapr, tasks: app.stores.tasks, reminders: app.stores.reminders)
let handler = ReminderFireHandler(
    tasks: app.stores.tasks, reminders: app.stores.reminders, jobs: jobs, relay: relay, outbox: app.stores.outbox,
    pusher: ReminderPush(dapr: app.dapr))
await app.serve(handler, services: [relay], callsOutFirst: true)
