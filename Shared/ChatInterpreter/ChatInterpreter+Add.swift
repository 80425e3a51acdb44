import FoundationEssentials
import Schedules

/// Adding a task: the draft's phrases become add_task's arguments (task-crud's create body).
extension ChatInterpreter {
    func add(_ words: ChatWords, remindAtDue: Bool, state: ChatState) -> ChatTurn {
        let draft = ChatDraft(words, clock: clock)
        guard !draft.title.isEmpty else {
            return ChatTurn(
                response: "What should the task be called? For example \u{201C}add call mom tomorrow\u{201D}.", state: state)
        }
        var arguments = ChatArguments(userId: userID)
        arguments.title = String(draft.title.prefix(200))
        var notes: [String] = []
        let details = apply(draft, to: &arguments, currentDue: nil, remindAtDue: remindAtDue, notes: &notes)
        var response = "Added \(ChatPhrasebook(clock: clock).quoted(arguments.title ?? ""))"
        if !details.isEmpty { response += ": " + details.joined(separator: ", ") }
        response += "." + notes.map { " " + $0 }.joined()
        return ChatTurn(
            response: response, toolCalls: [ChatToolCall(tool: ChatToolCall.addTask, arguments: arguments)], state: state)
    }

    /// Sets the arguments `draft` names (due time, priority, tags, repeat, reminders) and returns how to say them.
    /// `currentDue` is the task's due time for a change (reminders and repeats hang on it).
    func apply(
        _ draft: ChatDraft, to arguments: inout ChatArguments, currentDue: Date?, remindAtDue: Bool, notes: inout [String]
    ) -> [String] {
        let phrases = ChatPhrasebook(clock: clock)
        var details: [String] = []
        var due = draft.when.resolve(clock)
        if let rule = draft.recurrence, draft.when.day == nil, draft.when.instant == nil, currentDue == nil || due != nil {
            due = firstOccurrence(rule, seconds: draft.when.time ?? draft.when.impliedTime ?? ChatWhen.defaultTime)
        }
        if let due {
            arguments.dueAt = due
            arguments.timeZone = clock.zone.name
            details.append("due " + phrases.when(due))
        }
        if let priority = draft.priority {
            arguments.priority = priority
            details.append(priority == "none" ? "no priority" : "\(priority) priority")
        }
        if !draft.tags.isEmpty {
            arguments.tags = draft.tags
            details.append(draft.tags.map { "#" + $0 }.joined(separator: " "))
        }
        if let rule = draft.recurrence {
            if due ?? currentDue != nil {
                arguments.recurrence = rule.rrule(clock)
                details.append("repeats " + draft.recurrenceWords.joined(separator: " ").lowercased())
            } else {
                notes.append("I left out the repeat: it needs a due date to start from.")
            }
        }
        let anchor = due ?? currentDue
        var reminders: [ChatReminder] = []
        for (seconds, spoken) in draft.before {
            guard anchor != nil else {
                notes.append("I skipped the reminder \(spoken) before: the task has no due time.")
                continue
            }
            reminders.append(ChatReminder(before: Self.isoDuration(seconds)))
            details.append("reminder \(spoken) before")
        }
        for when in draft.remindAt {
            var when = when
            if when.day == nil, when.instant == nil, let anchor { when.day = clock.day(of: anchor) }
            guard let at = when.resolve(clock) else { continue }
            reminders.append(ChatReminder(at: at))
            details.append("reminder " + phrases.when(at))
        }
        if remindAtDue, reminders.isEmpty, anchor != nil {
            reminders.append(ChatReminder(before: "PT0M"))
            details.append("I'll remind you then")
        }
        if !reminders.isEmpty { arguments.reminders = reminders }
        return details
    }

    /// The first day from today that `rule` admits, at `seconds` into it, still ahead of now.
    func firstOccurrence(_ rule: ChatRecurrence, seconds: Int) -> Date? {
        let today = clock.today
        for day in today..<(today + 800) where rule.admits(day) {
            let instant = clock.instant(day: day, seconds: seconds)
            if instant > clock.now { return instant }
        }
        return nil
    }

    /// An ISO 8601 duration for a whole number of seconds: P2W, P1D, PT2H, PT30M, PT0M.
    static func isoDuration(_ seconds: Int) -> String {
        if seconds == 0 { return "PT0M" }
        if seconds % 604_800 == 0 { return "P\(seconds / 604_800)W" }
        if seconds % 86_400 == 0 { return "P\(seconds / 86_400)D" }
        if seconds % 3600 == 0 { return "PT\(seconds / 3600)H" }
        if seconds % 60 == 0 { return "PT\(seconds / 60)M" }
        return "PT\(seconds)S"
    }
}
