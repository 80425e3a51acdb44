import ChatInterpreter
import FoundationEssentials
import Recurrence
import Schedules
import Testing
import TodoDomain

@Suite("ChatInterpreter: questions, answers, replies and repeat rules")
struct ChatConversationTests {
    let chat = ChatFixture.chat
    let tasks = ChatFixture.tasks

    /// Sends `messages` one after the other, carrying the state, and returns every turn.
    func talk(_ messages: [String], state: ChatState = ChatState()) -> [ChatTurn] {
        var state = state
        var turns: [ChatTurn] = []
        for message in messages {
            let turn = chat.reply(to: message, state: state, tasks: tasks)
            state = turn.state
            turns.append(turn)
        }
        return turns
    }

    @Test("an ambiguous title asks which one and changes nothing; the number answered completes that one")
    func askThenAnswerNumber() throws {
        let turns = talk(["complete milk", "2"])
        #expect(turns[0].toolCalls.isEmpty)
        #expect(turns[0].response.contains("1. \u{201C}Buy milk\u{201D}") && turns[0].response.contains("Which one"))
        #expect(turns[1].toolCalls.map(\.tool) == [ChatToolCall.completeTask])
        #expect(turns[1].toolCalls.first?.arguments.taskId == "t2")
        #expect(turns[1].state.pending == nil)
    }

    @Test("an answer by ordinal or by the rest of a title resolves the question")
    func askThenAnswerWords() {
        #expect(talk(["delete report", "the first one"])[1].toolCalls.first?.arguments.taskId == "t6")
        #expect(talk(["complete milk", "for mum"])[1].toolCalls.first?.arguments.taskId == "t2")
    }

    @Test("a pending change keeps its change and its time of day until answered")
    func pendingUpdate() throws {
        let turns = talk(["change milk to 8pm", "1"])
        let call = try #require(turns[1].toolCalls.first)
        #expect(call.tool == ChatToolCall.updateTask && call.arguments.taskId == "t1")
        #expect(call.arguments.dueAt.map(ChatFixture.wall) == "2026-12-10 20:00")
    }

    @Test("cancel drops the question; a number out of range asks again; a new request replaces the question")
    func cancelAndOthers() {
        let cancelled = talk(["complete milk", "cancel"])
        #expect(cancelled[1].toolCalls.isEmpty && cancelled[1].state.pending == nil)
        let outOfRange = talk(["complete milk", "5"])
        #expect(outOfRange[1].toolCalls.isEmpty && outOfRange[1].state.pending != nil)
        #expect(outOfRange[1].response.contains("1 to 2"))
        let replaced = talk(["complete milk", "add eggs tomorrow"])
        #expect(replaced[1].toolCalls.map(\.tool) == [ChatToolCall.addTask] && replaced[1].state.pending == nil)
    }

    @Test("a list numbers its tasks and the next message can use the numbers")
    func listThenNumber() {
        let turns = talk(["what's due this week", "complete 3", "delete 1"])
        #expect(turns[0].response.hasPrefix("You have 3 open tasks due this week:\n1. \u{201C}Call dentist\u{201D}"))
        #expect(turns[1].toolCalls.first?.arguments.taskId == "t3")
        #expect(turns[2].toolCalls.first?.arguments.taskId == "t4")
    }

    @Test("replies are short and friendly and say the resolved time")
    func replies() {
        let added = chat.reply(to: "add buy milk tomorrow at 5pm !high #home", state: ChatState(), tasks: [])
        #expect(added.response == "Added \u{201C}Buy milk\u{201D}: due tomorrow at 5 PM, high priority, #home.")
        let listed = chat.reply(to: "what's due this weekend", state: ChatState(), tasks: tasks)
        #expect(listed.response == "You have no open tasks due this weekend.")
        let done = chat.reply(to: "complete pay rent", state: ChatState(), tasks: tasks)
        #expect(done.response == "\u{201C}Pay rent\u{201D} is already done." && done.toolCalls.isEmpty)
    }

    @Test("every repeat rule the chat writes is valid RRULE text with an occurrence from its due time")
    func rulesParse() throws {
        for (message, _) in ChatPhraseTable.adds {
            let turn = chat.reply(to: message, state: ChatState(), tasks: [])
            guard let call = turn.toolCalls.first, let text = call.arguments.recurrence else { continue }
            let rule = try RecurrenceRule(parsing: text)
            let due = try #require(call.arguments.dueAt)
            let recurrence = try Recurrence(rule: rule, start: due, zone: ChatFixture.zone)
            #expect(recurrence.occurrences(after: nil, limit: 1).first == due, "\(message): \(text)")
        }
    }

    @Test("the same message, state and clock give the same turn; another zone moves 'tomorrow at 9am'")
    func determinism() throws {
        let first = chat.reply(to: "add call mom tomorrow at 9am", state: ChatState(), tasks: [])
        let second = chat.reply(to: "add call mom tomorrow at 9am", state: ChatState(), tasks: [])
        #expect(first.toolCalls == second.toolCalls && first.response == second.response)
        let newYork = ChatInterpreter(userID: "alice", now: ChatFixture.now, zone: try ZoneInfo.named("America/New_York"))
        let there = newYork.reply(to: "add call mom tomorrow at 9am", state: ChatState(), tasks: [])
        #expect(there.toolCalls.first?.arguments.dueAt == Date(timeIntervalSince1970: 1_796_911_200))
        #expect(there.toolCalls.first?.arguments.timeZone == "America/New_York")
    }

    @Test("the state survives its JSON form")
    func stateJSON() {
        let state = ChatState(
            lastList: ["a", "b"],
            pending: ChatState.PendingAction(tool: ChatToolCall.updateTask, candidates: ["a"], timeOfDay: 3600))
        #expect(ChatState(json: state.json()) == state)
        #expect(ChatState(json: "not json") == ChatState())
    }
}
