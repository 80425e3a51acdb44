import FoundationEssentials
import HTTPTypes
import Testing
import TodoDomain

@Suite("task-crud: reminders over the API, on SQLite and PostgreSQL")
struct ReminderAPITests {
    @Test(
        "a task is created with an absolute and a relative reminder, each scheduled in its transaction",
        arguments: Backend.allCases)
    func createWithReminders(backend: Backend) async throws {
        try await backend.withAPI { api in
            let due = future(hours: 10)
            let task = try await api.create(
                #"{"title":"Dentist","dueAt":"\#(iso(due))","reminders":[{"at":"\#(iso(future(hours: 1)))"},{"before":"PT30M"}]}"#
            )
            #expect(task.reminders.map(\.triggerAt) == [future(hours: 1), future(hours: 9.5)])
            #expect(task.reminders.map(\.status) == ["pending", "pending"])
            #expect(task.reminders[0].at == future(hours: 1) && task.reminders[0].before == nil)
            #expect(task.reminders[1].before == "PT30M" && task.reminders[1].at == nil)
            let events = try await api.events()
            #expect(events.count == 3)
            guard case .taskCreated = events.first else {
                Issue.record("first event is \(String(describing: events.first))"); return
            }
            let scheduled = events.compactMap { event -> ReminderScheduled? in
                if case .reminderScheduled(let payload) = event { return payload }
                return nil
            }
            #expect(Set(scheduled.map(\.reminderId)) == Set(task.reminders.map(\.id)))
            #expect(scheduled.allSatisfy { $0.taskId == task.id && $0.title == "Dentist" && $0.dueAt == due })
            #expect(scheduled.allSatisfy { $0.jobName == "reminder-\($0.reminderId)" && $0.previousRemindAt == nil })
            let shown = try await api.call(.get, "/api/alice/tasks/\(task.id)").decoded(TaskOut.self)
            #expect(shown.reminders == task.reminders)
        }
    }

    @Test(
        "moving the due time moves the relative reminder (rescheduled) and leaves the absolute one", arguments: Backend.allCases)
    func movesWithDue(backend: Backend) async throws {
        try await backend.withAPI { api in
            let task = try await api.create(
                #"{"title":"Call","dueAt":"\#(iso(future(hours: 10)))","reminders":[{"at":"\#(iso(future(hours: 1)))"},{"before":"PT1H"}]}"#
            )
            let before = try await api.events().count
            let response = try await api.call(
                .patch, "/api/alice/tasks/\(task.id)", body: #"{"dueAt":"\#(iso(future(hours: 20)))"}"#)
            #expect(response.status == .ok)
            let moved = try response.decoded(TaskOut.self)
            #expect(moved.reminders.map(\.triggerAt) == [future(hours: 1), future(hours: 19)])
            #expect(moved.reminders.map(\.id) == task.reminders.map(\.id))
            let events = try await api.events().dropFirst(before)
            #expect(events.count == 2)
            let rescheduled = events.compactMap { event -> ReminderScheduled? in
                if case .reminderScheduled(let payload) = event { return payload }
                return nil
            }
            #expect(rescheduled.count == 1)
            #expect(rescheduled.first?.reminderId == task.reminders[1].id)
            #expect(rescheduled.first?.remindAt == future(hours: 19))
            #expect(rescheduled.first?.previousRemindAt == future(hours: 9))
            // Clearing the due time under a relative reminder is refused, nothing written.
            let count = try await api.events().count
            let clear = try await api.call(.patch, "/api/alice/tasks/\(task.id)", body: #"{"dueAt":null}"#)
            #expect(clear.status == .badRequest)
            #expect(try clear.errorMessage().contains("relative"))
            #expect(try await api.events().count == count)
        }
    }

    @Test("completing and deleting cancel the pending reminders and name them in the event", arguments: Backend.allCases)
    func cancelledOnCompleteAndDelete(backend: Backend) async throws {
        try await backend.withAPI { api in
            let due = iso(future(hours: 5))
            let first = try await api.create(#"{"title":"A","dueAt":"\#(due)","reminders":[{"before":"PT5M"},{"before":"P1D"}]}"#)
            let done = try await api.call(.patch, "/api/alice/tasks/\(first.id)/complete").decoded(TaskOut.self)
            #expect(done.status == "completed")
            #expect(done.reminders.map(\.status) == ["cancelled", "cancelled"])
            guard case .taskCompleted(let completed) = try await api.events().last else {
                Issue.record("no TaskCompleted")
                return
            }
            #expect(Set(completed.reminderIds) == Set(first.reminders.map(\.id)))
            // Reopening leaves them cancelled; a completed task takes no new reminder.
            let reopened = try await api.call(.patch, "/api/alice/tasks/\(first.id)/complete").decoded(TaskOut.self)
            #expect(reopened.reminders.map(\.status) == ["cancelled", "cancelled"])

            let second = try await api.create(#"{"title":"B","reminders":[{"at":"\#(due)"}]}"#)
            #expect(try await api.call(.delete, "/api/alice/tasks/\(second.id)").status == .noContent)
            guard case .taskDeleted(let deleted) = try await api.events().last else {
                Issue.record("no TaskDeleted")
                return
            }
            #expect(deleted.reminderIds == second.reminders.map(\.id))
            let late = try await api.call(.post, "/api/alice/tasks/\(second.id)/reminders", body: #"{"at":"\#(due)"}"#)
            #expect(late.status == .notFound)
            #expect(try late.errorMessage().contains("no task"))
        }
    }

    @Test("reminders are added and removed one at a time, without touching the task's version", arguments: Backend.allCases)
    func subResource(backend: Backend) async throws {
        try await backend.withAPI { api in
            let task = try await api.create(#"{"title":"Pay rent","dueAt":"\#(iso(future(hours: 48)))"}"#)
            let added = try await api.call(.post, "/api/alice/tasks/\(task.id)/reminders", body: #"{"before":"P1DT2H"}"#)
            #expect(added.status == .created)
            let reminder = try added.decoded(ReminderOut.self)
            #expect(reminder.triggerAt == future(hours: 22) && reminder.status == "pending" && reminder.before == "P1DT2H")
            #expect(added.headers["Location"] == "/api/alice/tasks/\(task.id)/reminders/\(reminder.id)")
            guard case .reminderScheduled(let scheduled) = try await api.events().last else {
                Issue.record("no ReminderScheduled")
                return
            }
            #expect(scheduled.reminderId == reminder.id)

            let path = "/api/alice/tasks/\(task.id)/reminders/\(reminder.id)"
            #expect(try await api.call(.delete, path).status == .noContent)
            guard case .reminderCancelled(let cancelled) = try await api.events().last else {
                Issue.record("no ReminderCancelled")
                return
            }
            #expect(cancelled.reminderId == reminder.id && cancelled.reason == "removed")
            let count = try await api.events().count
            #expect(try await api.call(.delete, path).status == .noContent)
            #expect(try await api.events().count == count)
            let list = try await api.call(.get, "/api/alice/tasks/\(task.id)/reminders").decoded(ReminderListOut.self)
            #expect(list.reminders.map(\.status) == ["cancelled"])
            let shown = try await api.call(.get, "/api/alice/tasks/\(task.id)")
            #expect(shown.headers["ETag"] == "\"1\"")
            let unknown = try await api.call(.delete, "/api/alice/tasks/\(task.id)/reminders/\(UUID().uuidString)")
            #expect(unknown.status == .notFound)
        }
    }

    @Test("a PATCH with reminders replaces the pending ones (cancelled, reason replaced)", arguments: Backend.allCases)
    func replaced(backend: Backend) async throws {
        try await backend.withAPI { api in
            let task = try await api.create(#"{"title":"Gym","reminders":[{"at":"\#(iso(future(hours: 3)))"}]}"#)
            let count = try await api.events().count
            let response = try await api.call(
                .patch, "/api/alice/tasks/\(task.id)", body: #"{"reminders":[{"at":"\#(iso(future(hours: 4)))"}]}"#)
            let changed = try response.decoded(TaskOut.self)
            #expect(changed.version == 1)
            #expect(changed.reminders.map(\.status) == ["cancelled", "pending"])
            let events = try await api.events().dropFirst(count)
            #expect(events.count == 2)
            guard case .reminderCancelled(let cancelled) = events.first else {
                Issue.record("no ReminderCancelled")
                return
            }
            #expect(cancelled.reminderId == task.reminders[0].id && cancelled.reason == "replaced")
        }
    }

    @Test("another user's task has no reminders to see, add or remove", arguments: Backend.allCases)
    func isolation(backend: Backend) async throws {
        try await backend.withAPI { api in
            let task = try await api.create(#"{"title":"Secret","reminders":[{"at":"\#(iso(future(hours: 3)))"}]}"#)
            let reminder = task.reminders[0].id
            let count = try await api.events().count
            for (method, path, body) in [
                (HTTPMethod.get, "/api/bob/tasks/\(task.id)/reminders", nil),
                (.post, "/api/bob/tasks/\(task.id)/reminders", #"{"at":"\#(iso(future(hours: 3)))"}"#),
                (.delete, "/api/bob/tasks/\(task.id)/reminders/\(reminder)", nil),
            ] as [(HTTPMethod, String, String?)] {
                let response = try await api.call(method, path, as: "bob", body: body)
                #expect(response.status == .notFound, "\(method) \(path)")
                _ = try response.errorMessage()
                let forbidden = try await api.call(method, path.replacing("/bob/", with: "/alice/"), as: "bob", body: body)
                #expect(forbidden.status == .forbidden)
            }
            #expect(try await api.call(.get, "/api/alice/tasks/\(task.id)/reminders", as: nil).status == .unauthorized)
            #expect(try await api.events().count == count)
        }
    }
}

/// `{"reminders":[…]}`.
struct ReminderListOut: Decodable {
    var reminders: [ReminderOut]
}
