import FoundationEssentials
import Schedules
import TodoDomain

/// How the chat says dates and tasks: "today at 5 PM", "Fri, Dec 11 at 9:30 AM", "“Buy milk” (due tomorrow)".
struct ChatPhrasebook: Sendable {
    let clock: ChatClock

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A due time in the user's zone, relative to today when close.
    func when(_ date: Date) -> String {
        let day = clock.day(of: date)
        let seconds = Int(clock.local(date) - day * 86_400)
        return dayName(day) + " at " + time(seconds)
    }

    /// A day: today, tomorrow, yesterday, or "Fri, Dec 11" (with the year when not this year's).
    func dayName(_ day: Int64) -> String {
        switch day - clock.today {
        case 0: return "today"
        case 1: return "tomorrow"
        case -1: return "yesterday"
        default:
            let (year, month, date) = ChatClock.civil(day)
            let (thisYear, _, _) = ChatClock.civil(clock.today)
            let base = "\(Self.weekdayNames[ChatClock.weekday(day)]), \(Self.monthNames[month - 1]) \(date)"
            return year == thisYear ? base : "\(base), \(year)"
        }
    }

    /// A wall-clock time: "5 PM", "9:30 AM".
    func time(_ seconds: Int) -> String {
        let hour = seconds / 3600
        let minute = seconds % 3600 / 60
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        let minutes = minute == 0 ? "" : ":" + (minute < 10 ? "0" : "") + String(minute)
        return "\(twelve)\(minutes) \(hour < 12 ? "AM" : "PM")"
    }

    /// A task in a list or a question: its title, then its due time, priority and done state.
    func line(_ task: ChatTask) -> String {
        var details: [String] = []
        if let due = task.dueAt { details.append("due " + when(due)) }
        if task.priority == .high || task.priority == .medium || task.priority == .low {
            details.append("\(task.priority.rawValue) priority")
        }
        if task.status == .completed { details.append("done") }
        return quoted(task.title) + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")")
    }

    /// Numbered lines, one per task.
    func numbered(_ tasks: [ChatTask]) -> String {
        tasks.enumerated().map { "\($0.offset + 1). \(line($0.element))" }.joined(separator: "\n")
    }

    /// A title in curly quotes.
    func quoted(_ title: String) -> String { "\u{201C}\(title)\u{201D}" }

    /// A duration before the due time, in words ("30 minutes", "1 day").
    static func spoken(_ amount: Int, _ unit: ChatVocabulary.Unit) -> String {
        let names: [ChatVocabulary.Unit: String] = [
            .minute: "minute", .hour: "hour", .day: "day", .week: "week", .month: "month", .year: "year",
        ]
        let name = names[unit] ?? "minute"
        return "\(amount) \(name)\(amount == 1 ? "" : "s")"
    }
}
