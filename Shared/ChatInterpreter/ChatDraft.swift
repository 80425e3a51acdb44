import FoundationEssentials

/// What an add or change message says about a task, its recognised phrases taken out of the title: due date and
/// time, priority, tags, reminders and a repeat rule; the words left over are the title.
struct ChatDraft: Sendable {
    var title: String
    var when = ChatWhen()
    var priority: String?
    var tags: [String] = []
    var recurrence: ChatRecurrence?
    /// The repeat phrase as typed ("every 2 weeks until March 1").
    var recurrenceWords: [String] = []
    /// Reminders before the due time, in seconds, with how they were said.
    var before: [(seconds: Int, spoken: String)] = []
    /// Absolute reminders as phrases (resolved against the due day).
    var remindAt: [ChatWhen] = []

    /// Reads `words` with `clock`'s dates.
    init(_ words: ChatWords, clock: ChatClock) {
        title = ""
        let dates = ChatDateParser(clock: clock)
        let repeats = ChatRecurrenceParser(dates: dates)
        var kept: [String] = []
        var index = 0
        while index < words.count {
            if let used = Self.reminder(words, at: index, dates: dates, into: &self) {
                index += used
            } else if let used = repeats.match(words, at: index, into: &recurrence) {
                recurrenceWords += words.text[index..<index + used]
                index += used
            } else if let used = dates.match(words, at: index, into: &when) {
                index += used
            } else if let (value, used) = Self.priority(words, at: index) {
                priority = value
                index += used
            } else if let tag = Self.tag(words[index]) {
                if !tags.contains(tag) { tags.append(tag) }
                index += 1
            } else {
                kept.append(words.text[index])
                index += 1
            }
        }
        title = Self.cleanTitle(kept)
    }

    /// `!high`, `!1`, `p1`…`p4`, "high priority", "priority high", "with low priority".
    static func priority(_ words: ChatWords, at index: Int) -> (String, Int)? {
        let marks = [
            "!high": "high", "!h": "high", "!1": "high", "!!!": "high", "!medium": "medium", "!med": "medium",
            "!m": "medium", "!2": "medium", "!!": "medium", "!low": "low", "!l": "low", "!3": "low", "p1": "high",
            "p2": "medium", "p3": "low", "p4": "none", "high-priority": "high", "low-priority": "low",
        ]
        if let value = marks[words[index]] { return (value, 1) }
        let levels = ["high": "high", "medium": "medium", "med": "medium", "low": "low", "normal": "medium", "top": "high"]
        let with = ["with", "as", "at"].contains(words[index]) ? 1 : 0
        if let level = levels[words[index + with]], words[index + with + 1] == "priority" { return (level, with + 2) }
        if words[index] == "priority", let level = levels[words[index + 1]] { return (level, 2) }
        return nil
    }

    /// `#work` → `work`.
    static func tag(_ key: String) -> String? {
        guard key.hasPrefix("#"), key.count > 1, key.count <= 51 else { return nil }
        let tag = String(key.dropFirst())
        return tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) && !tag.allSatisfy(\.isNumber)
            ? tag : nil
    }

    /// "remind me 30 minutes before", "remind me the day before", "remind me at 9am [tomorrow]", "with a reminder
    /// an hour before".
    static func reminder(_ words: ChatWords, at index: Int, dates: ChatDateParser, into draft: inout ChatDraft) -> Int? {
        var start = index
        if words[start] == "and" || words[start] == "," { start += 1 }
        if words.matches("remind me", at: start) || words.matches("alert me", at: start) || words.matches("notify me", at: start)
        {
            start += 2
        } else if words.matches("with a reminder", at: start) {
            start += 3
        } else if words[start] == "reminder" {
            start += 1
        } else {
            return nil
        }
        if words.matches("the day before", at: start) {
            draft.before.append((86_400, "1 day"))
            return start - index + 3
        }
        if let (amount, unit, used) = ChatDateParser.duration(words, at: start), words[start + used] == "before",
            amount * unit.seconds <= 366 * 86_400
        {
            draft.before.append((amount * unit.seconds, ChatPhrasebook.spoken(amount, unit)))
            let tail = ["it", "due", "the deadline"].first { words.matches($0, at: start + used + 1) }
            return start - index + used + 1 + (tail?.split(separator: " ").count ?? 0)
        }
        var when = ChatWhen()
        var position = start
        while let used = dates.match(words, at: position, into: &when) { position += used }
        guard position > start, when.time != nil || when.instant != nil || when.impliedTime != nil else { return nil }
        draft.remindAt.append(when)
        return position - index
    }

    private static let leading: Set<String> = [
        "a", "an", "new", "task", "todo", "to-do", "item", "called", "named", "titled", "to", "please", "another",
        "task:", "todo:", ":", "-",
    ]
    private static let trailing: Set<String> = [
        "and", "with", "at", "on", "by", "due", "to", "for", "please", "in", "the", "it", "of", "that", ",", "-", "from",
        "every", "starting",
    ]

    /// The leftover words without leading filler ("a task to") or trailing connectors ("and", "at"), unquoted.
    static func cleanTitle(_ kept: [String]) -> String {
        var words = kept[...]
        while let first = words.first, leading.contains(first.lowercased()) { words.removeFirst() }
        while let last = words.last, trailing.contains(ChatWords.key(last)) || last == "," { words.removeLast() }
        var title = words.joined(separator: " ")
        while let last = title.last, [",", ";", ":", "."].contains(last) { title.removeLast() }
        let quotes: [(Character, Character)] = [("\"", "\""), ("\u{201C}", "\u{201D}"), ("'", "'")]
        for (open, close) in quotes where title.count >= 2 && title.first == open && title.last == close {
            title = String(title.dropFirst().dropLast())
        }
        if let first = title.first, first.isLowercase { title = first.uppercased() + title.dropFirst() }
        return title
    }
}
