import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Storage

/// A reminder as the REST API returns it: `{"id","at"|"before","triggerAt","status"}`. `at` is set for an
/// absolute reminder, `before` (ISO 8601 duration) for one relative to the due time; `triggerAt` is when it fires.
/// `status` is `pending`, `fired` (the reminder's time came: delivered, or delivery failed) or `cancelled`.
struct ReminderJSON: Encodable {
    var id: String
    var at: Date?
    var before: String?
    var triggerAt: Date
    var status: String

    init(_ reminder: ReminderRecord) {
        id = reminder.id.uuidString.lowercased()
        before = reminder.beforeDue
        at = reminder.beforeDue == nil ? reminder.triggerAt : nil
        triggerAt = reminder.triggerAt
        switch reminder.status {
        case .pending: status = "pending"
        case .cancelled: status = "cancelled"
        default: status = "fired"
        }
    }
}

/// `{"reminders": [...]}`.
struct ReminderListJSON: Encodable {
    var reminders: [ReminderJSON]
}
