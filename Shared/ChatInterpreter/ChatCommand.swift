/// What a message asks for, before any task is looked at.
enum ChatCommand: Sendable {
    /// Add a task described by the words.
    case add(ChatWords, remindAtDue: Bool)
    /// List tasks.
    case list(ChatWords)
    /// Complete, delete or change the task a reference names, with the change for `update_task`.
    case change(tool: String, reference: ChatReference, changes: ChatChange?)
    /// An answer to the pending question.
    case answer(ChatState.PendingAction, ChatAnswer)
    /// A reply that touches no task (greeting, help, a question back).
    case reply(String)

    /// Whether the interpreter needs the user's tasks to answer.
    var needsTasks: Bool {
        switch self {
        case .list, .change, .answer: true
        case .add, .reply: false
        }
    }
}

/// How a message names a task: by its number in the last list, or by (part of) its title.
enum ChatReference: Sendable, Hashable {
    case number(Int)
    case title(String)
}

/// What an update asks to change: a new title (`rename`), or the phrases of `words` (a due time, a priority,
/// tags...). When `embedded`, the reference is the words left over once those phrases are taken out ("make buy
/// milk high priority").
struct ChatChange: Sendable {
    var words: ChatWords
    var rename = false
    var embedded = false
}

/// An answer to "which one?".
enum ChatAnswer: Sendable, Hashable {
    case choice(ChatReference)
    case cancel
}

/// Reads the intent of a message from its leading words.
enum ChatIntentReader {
    private static let listStarts = [
        "what", "what's", "whats", "which", "show", "list", "display", "view", "see", "any", "anything", "do", "how",
    ]
    private static let addStarts = [
        "remind me to", "remember to", "don't forget to", "dont forget to", "i need to", "i have to", "i must", "need to",
        "add", "create", "new", "todo", "to-do", "put", "schedule", "note", "remember", "plan",
    ]
    private static let completeStarts = [
        "mark", "complete", "completed", "finish", "finished", "done", "check off", "tick off", "tick",
        "i finished", "i've finished", "i did", "i've done", "i have done", "i completed", "close",
    ]
    private static let deleteStarts = ["delete", "remove", "cancel", "drop", "trash", "erase", "get rid of", "forget"]
    private static let updateStarts = [
        "change", "update", "rename", "move", "reschedule", "postpone", "push", "set", "edit", "make",
    ]

    /// The command `words` (not empty) give when no question is pending.
    static func command(_ words: ChatWords) -> ChatCommand {
        var words = words
        while ["please", "can", "could", "would", "you", "hey", "ok", "okay", "and", "also", "now", "then"].contains(words[0]),
            words.count > 1
        {
            words = words.dropping(1)
        }
        if let reply = smallTalk(words) { return .reply(reply) }
        if let used = start(words, listStarts) ?? (words.matches("my tasks", at: 0) ? 0 : nil), used >= 0 {
            if !(words[0] == "do" && !words.matches("do i have", at: 0)) { return .list(words) }
        }
        if let used = start(words, completeStarts) {
            return .change(tool: ChatToolCall.completeTask, reference: reference(words.dropping(used)), changes: nil)
        }
        if let used = start(words, deleteStarts) {
            return .change(tool: ChatToolCall.deleteTask, reference: reference(words.dropping(used)), changes: nil)
        }
        if let used = start(words, updateStarts) { return update(words, used: used) }
        if let used = start(words, addStarts) {
            return .add(words.dropping(used), remindAtDue: words.matches("remind me to", at: 0))
        }
        if words.keys.last == "done" || words.index(of: "is done") != nil {
            let end = words.index(of: "is done") ?? words.count - 1
            return .change(tool: ChatToolCall.completeTask, reference: reference(words.slice(0..<end)), changes: nil)
        }
        return .reply(
            "I can add, list, complete, delete or change tasks. Try \u{201C}add buy milk tomorrow at 5pm\u{201D} or "
                + "\u{201C}what's due this week?\u{201D}")
    }

    /// The words a leading phrase of `starts` uses, if one leads.
    static func start(_ words: ChatWords, _ starts: [String]) -> Int? {
        starts.first { words.matches($0, at: 0) }.map { $0.split(separator: " ").count }
    }

    /// "X to friday", "the due date of X to 5pm", "X priority to high", "rename X to Y", "make X high priority".
    private static func update(_ words: ChatWords, used: Int) -> ChatCommand {
        var rest = words.dropping(used)
        let renamed = rest.matches("the title of", at: 0) || rest.matches("the name of", at: 0) || rest.matches("title of", at: 0)
        for lead in [
            "the due date of", "the date of", "the deadline of", "the title of", "the name of", "the priority of",
            "priority of", "due date of", "title of",
        ]
        where rest.matches(lead, at: 0) {
            rest = rest.dropping(lead.split(separator: " ").count)
        }
        let aboutPriority = rest.matches("the priority of", at: 0) || rest.matches("priority of", at: 0)
        if let split = lastIndex(of: "to", in: rest) ?? lastIndex(of: "as", in: rest) {
            var target = rest.slice(0..<split)
            var field = aboutPriority ? "priority" : nil
            let trailing: Set<String> = ["priority", "due", "date", "deadline", "title", "name", "'s"]
            while let last = target.keys.last, trailing.contains(last), target.count > 1 {
                if last == "priority" { field = last }
                target = target.slice(0..<target.count - 1)
            }
            var value = rest.dropping(split + 1)
            // "set X priority to high": the value is a priority level.
            if field == "priority", value.keys.last != "priority" { value = ChatWords(value.joined + " priority") }
            let renaming = words[0] == "rename" || renamed
            return .change(
                tool: ChatToolCall.updateTask, reference: reference(target),
                changes: ChatChange(words: value, rename: renaming))
        }
        // "make X high priority", "move X tomorrow": the reference is what the recognised phrases leave.
        return .change(tool: ChatToolCall.updateTask, reference: .title(""), changes: ChatChange(words: rest, embedded: true))
    }

    private static func lastIndex(of word: String, in words: ChatWords) -> Int? {
        words.keys.lastIndex(of: word).flatMap { $0 > 0 && $0 < words.count - 1 ? $0 : nil }
    }

    /// A task reference: "2", "#2", "number 2", "task 2", "the second one", or a title.
    static func reference(_ words: ChatWords) -> ChatReference {
        var words = words
        while ["with", "about", "off"].contains(words[0]), words.count > 1 { words = words.dropping(1) }
        for suffix in ["as done", "as complete", "as completed", "as finished", "off", "as well", "too"] {
            let parts = suffix.split(separator: " ").count
            if words.count > parts, words.matches(suffix, at: words.count - parts) {
                words = words.slice(0..<words.count - parts)
            }
        }
        if words.keys.last == "done" || words.keys.last == "task", words.count > 1 { words = words.slice(0..<words.count - 1) }
        if let number = number(words) { return .number(number) }
        return .title(words.joined)
    }

    /// A list number: "2", "#2", "no. 2", "number 2", "task 2", "the 2nd", "the second (one)".
    static func number(_ words: ChatWords) -> Int? {
        let keys = words.keys.filter { !["the", "task", "number", "no", "item", "one", "#", "with"].contains($0) }
        guard keys.count == 1 else { return nil }
        var key = keys[0]
        if key.hasPrefix("#") { key.removeFirst() }
        if let value = Int(key), (1...1000).contains(value) { return value }
        if let value = ChatVocabulary.ordinal(key), value > 0 { return value }
        return nil
    }

    private static func smallTalk(_ words: ChatWords) -> String? {
        let greetings: Set<String> = ["hi", "hello", "hey", "hiya", "yo", "morning", "howdy"]
        if words.count <= 3, greetings.contains(words[0]) {
            return "Hi! Tell me what to add, or ask \u{201C}what's due today?\u{201D}"
        }
        if words.count <= 3, ["thanks", "thank", "thx", "cheers", "ty"].contains(words[0]) { return "You're welcome!" }
        if words.count <= 4, words[0] == "help" || words.matches("what can you do", at: 0) {
            return "I can add tasks (\u{201C}add pay rent on the 1st every month !high\u{201D}), list them "
                + "(\u{201C}what's due this week\u{201D}), and complete, delete or change them by title or by their "
                + "number in my last list (\u{201C}complete 2\u{201D})."
        }
        return nil
    }
}
