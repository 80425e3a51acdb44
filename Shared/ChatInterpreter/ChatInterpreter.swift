package import FoundationEssentials
package import Schedules
import TodoDomain

/// The offline chat: reads a message in plain English and answers with what to do to the user's tasks, as tool
/// calls with the seed's names, a short reply, and what the conversation should remember. Pure and deterministic:
/// "now", the zone and the tasks are given, nothing is read or written here.
///
/// ```swift
/// let chat = ChatInterpreter(userID: "alice", now: now, zone: try ZoneInfo.named("Europe/Paris"))
/// let request = chat.read("add buy milk tomorrow at 5pm #home", state: state)
/// let tasks = request.needsTasks ? try await load() : []
/// let turn = chat.answer(request, state: state, tasks: tasks)   // turn.toolCalls: [add_task {...}]
/// ```
package struct ChatInterpreter: Sendable {
    /// The user the tool calls act for.
    package let userID: String
    /// "Now" in the user's zone.
    package let clock: ChatClock

    /// Makes an interpreter for `userID` at `now` in `zone`.
    package init(userID: String, now: Date, zone: ZoneInfo) {
        self.userID = userID
        clock = ChatClock(now: now, zone: zone)
    }

    /// The longest message the interpreter reads, in UTF-8 bytes.
    package static let maximumMessageBytes = 4096

    /// What `message` asks for, given the conversation's `state`.
    package func read(_ message: String, state: ChatState) -> ChatRequest {
        let words = ChatWords(message)
        guard words.count > 0 else {
            return ChatRequest(.reply("Tell me what to do, for example \u{201C}add call mom tonight\u{201D}."))
        }
        if let pending = state.pending, let answer = Self.answer(words) { return ChatRequest(.answer(pending, answer)) }
        return ChatRequest(ChatIntentReader.command(words))
    }

    /// The turn for `request`: tool calls (a list's with its result), the reply and the new state. `tasks` are the
    /// user's pending and completed tasks when `request.needsTasks`.
    package func answer(_ request: ChatRequest, state: ChatState, tasks: [ChatTask]) -> ChatTurn {
        var state = state
        state.pending = nil
        switch request.command {
        case .reply(let text):
            return ChatTurn(response: text, state: state)
        case .add(let words, let remindAtDue):
            return add(words, remindAtDue: remindAtDue, state: state)
        case .list(let words):
            return list(words, tasks: tasks, state: state)
        case .change(let tool, let reference, let change):
            return self.change(tool, reference: reference, change: change, tasks: tasks, state: state)
        case .answer(let question, let answer):
            return resolve(question, answer, tasks: tasks, state: state)
        }
    }

    /// `read` then `answer`, for callers that have the tasks at hand.
    package func reply(to message: String, state: ChatState, tasks: [ChatTask]) -> ChatTurn {
        answer(read(message, state: state), state: state, tasks: tasks)
    }

    /// An answer to a pending question: a number, an ordinal, "cancel", or (short) a title.
    private static func answer(_ words: ChatWords) -> ChatAnswer? {
        let cancels = ["cancel", "never mind", "nevermind", "no", "none", "neither", "nope", "stop", "forget it", "nothing"]
        if cancels.contains(where: { words.matches($0, at: 0) }), words.count <= 3 { return .cancel }
        if let number = ChatIntentReader.number(words) { return .choice(.number(number)) }
        let commands = ["add", "create", "list", "show", "what", "what's", "delete", "remove", "complete", "change"]
        guard words.count <= 8, !commands.contains(words[0]) else { return nil }
        return .choice(.title(words.joined))
    }

    private func list(_ words: ChatWords, tasks: [ChatTask], state: ChatState) -> ChatTurn {
        let query = ChatListQuery(words, clock: clock)
        let far = Date(timeIntervalSince1970: 253_402_300_799)
        let selected = tasks.enumerated().filter { query.matches($0.element) }
            .sorted { ($0.element.dueAt ?? far, $0.offset) < ($1.element.dueAt ?? far, $1.offset) }.map(\.element)
        let shown = Array(selected.prefix(20))
        var call = ChatToolCall(tool: ChatToolCall.listTasks, arguments: query.arguments(userID: userID))
        call.result = ChatToolResult(
            tasks: shown.map { ChatToolResult.Listed(id: $0.id, title: $0.title, completed: $0.status == .completed) })
        var state = state
        state.lastList = shown.map(\.id)
        let kind = query.status == .completed ? "completed" : query.status == .pending ? "open" : ""
        let filters = query.label.filter { $0 != "done" }
        let noun = ([kind, "task" + (shown.count == 1 ? "" : "s")] + filters).filter { !$0.isEmpty }.joined(separator: " ")
        guard !shown.isEmpty else {
            return ChatTurn(response: "You have no \(noun).", toolCalls: [call], state: state)
        }
        let phrases = ChatPhrasebook(clock: clock)
        var response = "You have \(selected.count) \(noun):\n" + phrases.numbered(shown)
        if selected.count > shown.count { response += "\n\u{2026}and \(selected.count - shown.count) more." }
        return ChatTurn(response: response, toolCalls: [call], state: state)
    }
}

/// A message read, waiting for the tasks (when it needs them) to be answered.
package struct ChatRequest: Sendable {
    let command: ChatCommand

    init(_ command: ChatCommand) { self.command = command }

    /// Whether answering needs the user's tasks.
    package var needsTasks: Bool { command.needsTasks }
}

/// What the chat does for one message.
package struct ChatTurn: Sendable {
    /// The reply.
    package var response: String
    /// The tools used, in order; changes are run by the caller, which fills in their results.
    package var toolCalls: [ChatToolCall] = []
    /// What the conversation remembers for the next message.
    package var state: ChatState
}
