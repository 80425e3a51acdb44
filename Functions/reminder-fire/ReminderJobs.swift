import CloudEvents
import Dapr
import FoundationEssentials
import FunctionRuntime
import JSON
import Storage
import TodoDomain

/// The Dapr jobs `reminder-<id>` of reminder-fire's own app id, kept in line with the reminders table.
struct ReminderJobs: Sendable {
    let dapr: any DaprClient
    let tasks: any TaskStore
    let reminders: any ReminderStore

    /// Schedules the job of reminder `id` at its trigger time (replacing one at another time) while the reminder is
    /// pending and its task open; deletes it otherwise. Idempotent, and right whatever order events come in.
    /// - Throws: a Dapr or storage error (the delivery is retried).
    func reconcile(_ id: UUID, context: FunctionContext) async throws {
        let name = "reminder-\(id.uuidString.lowercased())"
        guard let reminder = try await reminders.get(id: id) else {
            context.logger.info("No such reminder; its job is deleted", metadata: ["job": "\(name)"])
            try await dapr.deleteJob(name: name)
            return
        }
        let task = try await tasks.get(id: reminder.taskID, userID: reminder.userID)
        if reminder.status == .fired, task?.status == .pending {
            context.logger.debug("Reminder fired; its job belongs to the delivery attempts", metadata: ["job": "\(name)"])
            return
        }
        guard reminder.status == .pending, task?.status == .pending else {
            try await dapr.deleteJob(name: name)
            context.logger.debug("Reminder job deleted", metadata: ["job": "\(name)"])
            return
        }
        let data = #"{"reminderId":"\#(id.uuidString.lowercased())","remindAt":"\#(RFC3339.format(reminder.triggerAt))"}"#
        // 0.4 ms more prints the intended millisecond whether the formatter truncates or rounds.
        let due = RFC3339.format(reminder.triggerAt.addingTimeInterval(0.000_4))
        try await dapr.scheduleJob(
            try DaprJob(
                name: name, dueTime: due, data: Array(data.utf8), overwrite: true,
                failurePolicy: .constant(interval: .seconds(1), maxRetries: 10)))
        context.logger.debug("Reminder job scheduled", metadata: ["job": "\(name)", "job.due": "\(due)"])
    }

    /// Sets the job of fired reminder `id` to call again at `date` for delivery attempt `attempt`.
    /// - Throws: a Dapr error.
    func retry(_ id: UUID, at date: Date, attempt: Int) async throws {
        let data = #"{"reminderId":"\#(id.uuidString.lowercased())","attempt":\#(attempt)}"#
        try await dapr.scheduleJob(
            try DaprJob(
                name: "reminder-\(id.uuidString.lowercased())", dueTime: RFC3339.format(date), data: Array(data.utf8),
                overwrite: true, failurePolicy: .constant(interval: .seconds(1), maxRetries: 10)))
    }
}
