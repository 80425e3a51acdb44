import FoundationEssentials
import TodoDomain

/// Completing, deleting and changing a task named by title or list number, and asking which one when several match.
extension ChatInterpreter {
    /// The outcome of looking a reference up.
    enum Lookup {
        case found(ChatTask)
        case several([ChatTask], String)
        case missing(String)

        var isMissing: Bool {
            if case .missing = self { return true }
            return false
        }
    }

    func change(
        _ tool: String, reference: ChatReference, change: ChatChange?, tasks: [ChatTask], state: ChatState
    ) -> ChatTurn {
        var reference = reference
        var arguments: ChatArguments?
        var timeOfDay: Int?
        if let change {
            var changed = ChatArguments()
            if change.embedded {
                let draft = ChatDraft(change.words, clock: clock)
                reference = .title(draft.title)
                var empty = draft
                empty.title = ""
                arguments = changeArguments(empty, into: &changed)
            } else if change.rename {
                changed.title = String(ChatDraft.cleanTitle(change.words.text).prefix(200))
                arguments = changed
            } else {
                let draft = ChatDraft(change.words, clock: clock)
                arguments = changeArguments(draft, into: &changed)
                if draft.when.day == nil, draft.when.instant == nil { timeOfDay = draft.when.time ?? draft.when.impliedTime }
            }
        }
        // Open tasks first: "complete milk" means the open one even when a done one matches too.
        let open = tasks.filter { $0.status == .pending }
        let pool = lookup(reference, in: open, all: tasks, state: state).isMissing ? tasks : open
        switch lookup(reference, in: pool, all: tasks, state: state) {
        case .found(let task):
            return perform(tool, on: task, changes: arguments, timeOfDay: timeOfDay, state: state)
        case .several(let candidates, let query):
            var state = state
            state.pending = ChatState.PendingAction(
                tool: tool, candidates: candidates.map(\.id), changes: arguments, timeOfDay: timeOfDay)
            state.lastList = candidates.map(\.id)
            let verbs = [ChatToolCall.completeTask: "complete", ChatToolCall.deleteTask: "delete"]
            let response =
                "\(candidates.count) tasks match \(ChatPhrasebook(clock: clock).quoted(query)):\n"
                + ChatPhrasebook(clock: clock).numbered(candidates)
                + "\nWhich one should I \(verbs[tool] ?? "change")? Say its number, or \u{201C}cancel\u{201D}."
            return ChatTurn(response: response, state: state)
        case .missing(let response):
            return ChatTurn(response: response, state: state)
        }
    }

    /// The arguments a change draft sets (a leftover title renames the task).
    private func changeArguments(_ draft: ChatDraft, into changed: inout ChatArguments) -> ChatArguments {
        var notes: [String] = []
        if !draft.title.isEmpty { changed.title = String(draft.title.prefix(200)) }
        _ = apply(draft, to: &changed, currentDue: nil, remindAtDue: false, notes: &notes)
        return changed
    }

    /// The answer to a pending question.
    func resolve(_ question: ChatState.PendingAction, _ answer: ChatAnswer, tasks: [ChatTask], state: ChatState) -> ChatTurn {
        let candidates = question.candidates.compactMap { id in tasks.first { $0.id == id } }
        switch answer {
        case .cancel:
            return ChatTurn(response: "OK, I left everything as it was.", state: state)
        case .choice(.number(let number)):
            guard (1...max(candidates.count, 1)).contains(number), number <= candidates.count else {
                var state = state
                state.pending = question
                return ChatTurn(
                    response: "Please say a number from 1 to \(candidates.count), or \u{201C}cancel\u{201D}.", state: state)
            }
            return perform(
                question.tool, on: candidates[number - 1], changes: question.changes, timeOfDay: question.timeOfDay,
                state: state)
        case .choice(.title(let title)):
            let matches = ChatTitleMatcher.find(title, in: candidates)
            if matches.count == 1 {
                return perform(
                    question.tool, on: matches[0], changes: question.changes, timeOfDay: question.timeOfDay, state: state)
            }
            // Not an answer after all: a new request (the question is dropped).
            return self.answer(ChatRequest(ChatIntentReader.command(ChatWords(title))), state: state, tasks: tasks)
        }
    }

    private func lookup(_ reference: ChatReference, in pool: [ChatTask], all: [ChatTask], state: ChatState) -> Lookup {
        switch reference {
        case .number(let number):
            guard !state.lastList.isEmpty else {
                return .missing("I haven't shown you a list yet. Say \u{201C}show my tasks\u{201D} first, or use the title.")
            }
            guard number <= state.lastList.count else {
                return .missing(
                    "My last list had \(state.lastList.count) task\(state.lastList.count == 1 ? "" : "s"); there is no number \(number)."
                )
            }
            guard let task = all.first(where: { $0.id == state.lastList[number - 1] }) else {
                return .missing("Task \(number) from my last list is gone.")
            }
            return .found(task)
        case .title(let title):
            guard !ChatTitleMatcher.words(title).isEmpty else {
                return .missing("Which task? Tell me its title, or its number in my last list.")
            }
            let matches = ChatTitleMatcher.find(title, in: pool)
            if matches.count == 1 { return .found(matches[0]) }
            if matches.count > 1 {
                // Numbered by title, so the question reads the same whatever order the tasks came in.
                let ordered = matches.sorted { ($0.title.lowercased(), $0.id) < ($1.title.lowercased(), $1.id) }
                return .several(Array(ordered.prefix(9)), title)
            }
            return .missing("I couldn't find a task matching \(ChatPhrasebook(clock: clock).quoted(title)).")
        }
    }

    /// The tool call for `task`; `timeOfDay` (a change naming only a time) keeps the task's due day.
    private func perform(
        _ tool: String, on task: ChatTask, changes: ChatArguments?, timeOfDay: Int? = nil, state: ChatState
    ) -> ChatTurn {
        let phrases = ChatPhrasebook(clock: clock)
        var arguments = changes ?? ChatArguments()
        if let timeOfDay, let due = task.dueAt { arguments.dueAt = clock.instant(day: clock.day(of: due), seconds: timeOfDay) }
        arguments.userId = userID
        arguments.taskId = task.id
        let title = phrases.quoted(task.title)
        switch tool {
        case ChatToolCall.completeTask:
            guard task.status != .completed else { return ChatTurn(response: "\(title) is already done.", state: state) }
            return ChatTurn(
                response: "Nice work! I marked \(title) as done.", toolCalls: [ChatToolCall(tool: tool, arguments: arguments)],
                state: state)
        case ChatToolCall.deleteTask:
            return ChatTurn(
                response: "Deleted \(title).", toolCalls: [ChatToolCall(tool: tool, arguments: arguments)], state: state)
        default:
            guard arguments.changesSomething else {
                return ChatTurn(
                    response: "What should I change about \(title)? For example \u{201C}move it to friday at 3pm\u{201D} "
                        + "or \u{201C}make it high priority\u{201D}.", state: state)
            }
            if let tags = arguments.tags { arguments.tags = task.tags + tags.filter { !task.tags.contains($0) } }
            if arguments.recurrence != nil || arguments.reminders?.contains(where: { $0.before != nil }) == true,
                arguments.dueAt == nil, task.dueAt == nil
            {
                return ChatTurn(response: "\(title) has no due date yet; give it one first.", state: state)
            }
            return ChatTurn(
                response: "Updated \(title): " + describe(arguments) + ".",
                toolCalls: [ChatToolCall(tool: tool, arguments: arguments)], state: state)
        }
    }

    private func describe(_ arguments: ChatArguments) -> String {
        let phrases = ChatPhrasebook(clock: clock)
        var parts: [String] = []
        if let title = arguments.title { parts.append("now called " + phrases.quoted(title)) }
        if let due = arguments.dueAt { parts.append("due " + phrases.when(due)) }
        if let priority = arguments.priority { parts.append("\(priority) priority") }
        if let tags = arguments.tags { parts.append("tags " + tags.map { "#" + $0 }.joined(separator: " ")) }
        if arguments.recurrence != nil { parts.append("repeating") }
        if let reminders = arguments.reminders { parts.append("\(reminders.count) reminder\(reminders.count == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }
}
