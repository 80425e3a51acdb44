import CloudEvents
import FoundationEssentials
import HTTPTypes
import Testing
import TodoDomain

@Suite struct TodoEventFactoryTests {
    private let factory = TodoEventFactory(
        now: { Date(timeIntervalSince1970: 1_795_165_200.5) }, makeID: { "evt-1" })

    @Test("a payload becomes a valid event with the catalogue's type, source, subject and partition key")
    func makesEvent() throws {
        let task = TodoEventSamples.task
        let event = try factory.makeEvent(
            TaskCreated(task: task), traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(event.id == "evt-1")
        #expect(event.type == "com.todo.task.created.v1")
        #expect(event.source == "/task-crud")
        #expect(event.subject == task.id)
        #expect(event.time == "2026-11-20T09:00:00.500Z")
        #expect(event.datacontenttype == "application/json")
        #expect(event.partitionKey == "alice")
        #expect(event.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(event.todoEventType?.topic == .taskEvents)
        try event.validate()
    }

    @Test("the source can be overridden and an empty trace context is left out")
    func overrides() throws {
        let payload = TaskDeleted(taskId: "t1", userId: "bob", deletedAt: Date(timeIntervalSince1970: 0), version: 2)
        let event = try factory.makeEvent(payload, source: "/todofn", traceparent: "")
        #expect(event.source == "/todofn")
        #expect(event.traceparent == nil)
        #expect(event.extensions["traceparent"] == nil)
        #expect(event.subject == "t1")
        #expect(event.partitionKey == "bob")
    }

    @Test("every sample round-trips through structured and binary HTTP and decodes to its payload")
    func roundTrips() throws {
        let events = try TodoEventSamples.events()
        #expect(events.count == 10)
        for (event, payload) in zip(events, TodoEventSamples.payloads) {
            for mode in [CloudEventHTTPMode.structured, .binary] {
                let message = event.httpMessage(mode: mode)
                let received = try CloudEvent.decode(headers: message.headers, body: message.body)
                #expect(received == event)
                let decoded = try TodoEvent(received)
                #expect(decoded.payload.taskId == payload.taskId)
                #expect(decoded.payload.userId == payload.userId)
                #expect(type(of: decoded.payload).eventType == type(of: payload).eventType)
            }
        }
    }

    @Test("decoded payloads equal the originals")
    func payloadEquality() throws {
        let events = try TodoEventSamples.events()
        #expect(try events[0].todoPayload(TaskCreated.self) == TodoEventSamples.payloads[0] as? TaskCreated)
        #expect(try events[8].todoPayload(RecurringTaskGenerated.self) == TodoEventSamples.payloads[8] as? RecurringTaskGenerated)
        #expect(try events[7].todoPayload(ReminderFailed.self).reason == "no open connection")
    }

    @Test("asking for the wrong payload type or an unknown event type is an error")
    func wrongType() throws {
        let event = try TodoEventSamples.events()[0]
        #expect(throws: CloudEventError.self) { try event.todoPayload(TaskDeleted.self) }
        var foreign = event
        foreign.type = "com.dapr.event.sent"
        #expect(throws: CloudEventError.self) { try TodoEvent(foreign) }
        var broken = event
        broken.data = .text("not json")
        #expect(throws: CloudEventError.self) { try TodoEvent(broken) }
    }

    @Test("the task payload has the documented JSON shape")
    func taskShape() throws {
        let event = try TodoEventSamples.events()[0]
        let text = try #require(event.data?.text)
        #expect(
            text
                == #"{"task":{"createdAt":"2026-11-20T09:00:00.000Z","description":"Balcony and kitchen","dueAt":"2026-11-20T17:00:00.000Z","id":"0b6f5a1e-5c0a-4f7e-9a51-1f0c2a9d7e11","priority":"medium","recurrence":{"anchor":"schedule","nextDueAt":"2026-11-27T17:00:00.000Z","occurrence":1,"rule":"FREQ=WEEKLY;BYDAY=TH","ruleId":"rr-7f3e"},"status":"pending","tags":["home"],"timeZone":"Europe/Berlin","title":"Water the plants","updatedAt":"2026-11-20T09:00:00.000Z","userId":"alice","version":1}}"#
        )
    }

    @Test("the benchmark delivery sample is a Dapr-shaped structured event of about 600 bytes")
    func deliverySample() throws {
        let bytes = try TodoEventSamples.taskCreatedDelivery()
        #expect((550...700).contains(bytes.count))
        let event = try CloudEvent(jsonBytes: bytes)
        #expect(event.extensions["topic"] == "task-events")
        #expect(event.extensions["pubsubname"] == "todo-pubsub")
        #expect(try event.todoPayload(TaskCreated.self).task.id == TodoEventSamples.task.id)
    }

    @Test("every catalogue event as its function emits it passes the catalogue check; a changed one does not")
    func catalogueCheck() throws {
        for event in try TodoEventSamples.events() {
            #expect(event.catalogueRefusal == nil, "\(event.type)")
            var forged = event
            forged.source = "/somebody-else"
            #expect(forged.catalogueRefusal?.contains("comes from") == true)
            var moved = event
            moved.extensions["topic"] = .string("elsewhere")
            #expect(moved.catalogueRefusal?.contains("is published on") == true)
            var foreign = event
            foreign.extensions["partitionkey"] = .string("mallory")
            #expect(foreign.catalogueRefusal == "the partitionkey is not the payload's user id")
            var unknown = event
            unknown.type = "com.dapr.event.sent"
            #expect(unknown.catalogueRefusal?.contains("not in the catalogue") == true)
        }
    }
}
