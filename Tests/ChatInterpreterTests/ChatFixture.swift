import ChatInterpreter
import FoundationEssentials
import Schedules
import TodoDomain

/// The fixed world of the phrase table: Wednesday 2026-12-09 10:30 in Paris (UTC+1), eight tasks, and a last list
/// that showed t3, t1, t4 in that order.
enum ChatFixture {
    static let zone = try! ZoneInfo.named("Europe/Paris")
    static let now = local("2026-12-09 10:30")
    static let chat = ChatInterpreter(userID: "alice", now: now, zone: zone)
    static let listed = ChatState(lastList: ["t3", "t1", "t4"])

    static let tasks: [ChatTask] = [
        ChatTask(id: "t1", title: "Buy milk", tags: ["home"], dueAt: local("2026-12-10 17:00")),
        ChatTask(id: "t2", title: "Buy milk for mum"),
        ChatTask(id: "t3", title: "Write quarterly report", priority: .high, tags: ["work"], dueAt: local("2026-12-11 09:00")),
        ChatTask(id: "t4", title: "Call dentist", priority: .medium, dueAt: local("2026-12-09 15:00")),
        ChatTask(id: "t5", title: "Pay rent", status: .completed, dueAt: local("2026-12-01 09:00")),
        ChatTask(id: "t6", title: "Read report", priority: .low, tags: ["work"], dueAt: local("2026-12-15 12:00")),
        ChatTask(id: "t7", title: "Book flights", dueAt: local("2026-12-05 09:00")),
        ChatTask(id: "t8", title: "Clean garage", tags: ["home"]),
    ]

    /// The instant of a Paris wall-clock time written `yyyy-mm-dd hh:mm`.
    static func local(_ text: String) -> Date {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let wall = CivilTime(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4])
        return Date(timeIntervalSince1970: Double(zone.utc(forLocal: wall.seconds)))
    }

    /// `date` as a Paris wall-clock time `yyyy-mm-dd hh:mm`.
    static func wall(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970)
        let time = CivilTime(seconds: seconds + Int64(zone.offset(atUTC: seconds)))
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(time.year)-\(pad(time.month))-\(pad(time.day)) \(pad(time.hour)):\(pad(time.minute))"
    }

    /// The tasks after `calls` ran (what task-crud would store): adds appended as `new`, completions, deletions
    /// and changes applied.
    static func applying(_ calls: [ChatToolCall], to tasks: [ChatTask]) -> [ChatTask] {
        var tasks = tasks
        for call in calls {
            let arguments = call.arguments
            let index = tasks.firstIndex { $0.id == arguments.taskId }
            switch call.tool {
            case ChatToolCall.addTask:
                tasks.append(
                    ChatTask(
                        id: "new", title: arguments.title ?? "", priority: TaskPriority(rawValue: arguments.priority ?? "none"),
                        tags: arguments.tags ?? [], dueAt: arguments.dueAt))
            case ChatToolCall.completeTask: if let index { tasks[index].status = .completed }
            case ChatToolCall.deleteTask: if let index { tasks.remove(at: index) }
            case ChatToolCall.updateTask:
                guard let index else { continue }
                if let title = arguments.title { tasks[index].title = title }
                if let priority = arguments.priority { tasks[index].priority = TaskPriority(rawValue: priority) }
                if let tags = arguments.tags { tasks[index].tags = tags }
                if let due = arguments.dueAt { tasks[index].dueAt = due }
            default: break
            }
        }
        return tasks
    }
}
