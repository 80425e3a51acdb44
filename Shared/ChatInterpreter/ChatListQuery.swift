import FoundationEssentials
import Schedules
import TodoDomain

/// Which tasks a list request asks for: a status, a priority, a tag and a due window, with the words to say it.
struct ChatListQuery: Sendable, Hashable {
    /// nil: pending and completed.
    var status: TaskStatus? = .pending
    var priority: String?
    var tag: String?
    var dueFrom: Date?
    var dueBefore: Date?
    /// How the answer names the selection ("due this week", "high priority").
    var label: [String] = []

    /// Reads a list request.
    init(_ words: ChatWords, clock: ChatClock) {
        let keys = Set(words.keys)
        if !keys.isDisjoint(with: ["done", "completed", "finished", "complete", "did"]) {
            status = .completed
            label.append("done")
        } else if !keys.isDisjoint(with: ["all", "everything", "every"]) {
            status = nil
        }
        for index in 0..<words.count {
            if let (value, _) = ChatDraft.priority(words, at: index) {
                priority = value
            } else if let tag = ChatDraft.tag(words[index]) {
                self.tag = tag
            } else if ["tagged", "tag", "label", "labelled", "labeled"].contains(words[index]), !words[index + 1].isEmpty {
                tag = words[index + 1].hasPrefix("#") ? String(words[index + 1].dropFirst()) : words[index + 1]
            }
        }
        if ["urgent", "important"].contains(where: keys.contains), priority == nil { priority = "high" }
        if let priority { label.append("\(priority) priority") }
        if let tag { label.append("tagged #\(tag)") }
        window(words, clock: clock)
    }

    private mutating func window(_ words: ChatWords, clock: ChatClock) {
        let today = clock.today
        let monday = today - Int64((ChatClock.weekday(today) + 6) % 7)
        let day = { (number: Int64) in clock.instant(day: number, seconds: 0) }
        if words.keys.contains(where: { ["overdue", "late"].contains($0) }) || words.index(of: "past due") != nil {
            (dueBefore, status) = (clock.now, .pending)
            label.append("overdue")
            return
        }
        let windows: [(String, Int64, Int64)] = [
            ("this week", monday, monday + 7), ("next week", monday + 7, monday + 14), ("today", today, today + 1),
            ("tonight", today, today + 1), ("tomorrow", today + 1, today + 2),
            ("this weekend", monday + 5, monday + 7), ("the weekend", monday + 5, monday + 7),
        ]
        for (phrase, from, before) in windows where words.index(of: phrase) != nil {
            (dueFrom, dueBefore) = (day(from), day(before))
            label.append("due " + phrase)
            return
        }
        if words.index(of: "this month") != nil {
            let (year, month, _) = ChatClock.civil(today)
            let first = ChatClock.day(year: year, month: month, day: 1) ?? today
            (dueFrom, dueBefore) = (day(first), day(first + Int64(CivilTime.daysIn(month: month, year: year))))
            label.append("due this month")
            return
        }
        let dates = ChatDateParser(clock: clock)
        for index in 0..<words.count where ["on", "for", "due"].contains(words[index]) || index == words.count - 1 {
            let start = ["on", "for", "due"].contains(words[index]) ? index + 1 : index
            if let (number, _) = dates.dayOnly(words, at: start) {
                (dueFrom, dueBefore) = (day(number), day(number + 1))
                label.append("due " + ChatPhrasebook(clock: clock).dayName(number))
                return
            }
        }
    }

    /// Whether `task` is selected.
    func matches(_ task: ChatTask) -> Bool {
        if let status, task.status != status { return false }
        if let priority, task.priority.rawValue != priority { return false }
        if let tag, !task.tags.contains(where: { $0.lowercased() == tag.lowercased() }) { return false }
        if dueFrom != nil || dueBefore != nil {
            guard let due = task.dueAt else { return false }
            if let dueFrom, due < dueFrom { return false }
            if let dueBefore, due >= dueBefore { return false }
        }
        return true
    }

    /// The list_tasks arguments.
    func arguments(userID: String) -> ChatArguments {
        var arguments = ChatArguments(userId: userID)
        arguments.status = status?.rawValue ?? "all"
        arguments.priority = priority
        arguments.tag = tag
        arguments.dueFrom = dueFrom
        arguments.dueBefore = dueBefore
        return arguments
    }
}
