import ChatInterpreter
import FoundationEssentials
import Testing
import TodoDomain

@Suite("ChatInterpreter: the phrase table (fixed now and zone)")
struct ChatPhraseTableTests {
    @Test("the table has at least 150 phrases")
    func size() {
        #expect(ChatPhraseTable.all.count >= 150)
    }

    @Test("each phrase makes the expected tool call and task state", arguments: ChatPhraseTable.all)
    func phrase(_ message: String, _ expectation: String) throws {
        let turn = ChatFixture.chat.reply(to: message, state: ChatFixture.listed, tasks: ChatFixture.tasks)
        let parts = expectation.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var checks: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            checks[pair[0]] = pair.count > 1 ? pair[1] : ""
        }
        #expect(!turn.response.isEmpty)
        switch parts[0] {
        case "reply":
            #expect(turn.toolCalls.isEmpty, "\(turn.toolCalls)")
            #expect(turn.state.pending == nil)
        case "ask":
            #expect(turn.toolCalls.isEmpty, "\(turn.toolCalls)")
            #expect(turn.state.pending?.candidates.joined(separator: ",") == checks["candidates"], "\(turn.response)")
            #expect(turn.state.lastList == turn.state.pending?.candidates)
        case "list_tasks":
            let call = try #require(turn.toolCalls.first, "\(turn.response)")
            #expect(turn.toolCalls.count == 1 && call.tool == ChatToolCall.listTasks)
            let shown = call.result?.tasks?.map(\.id) ?? []
            #expect(shown.joined(separator: ",") == checks["shown"], "\(turn.response)")
            #expect(turn.state.lastList == shown)
            if let status = checks["status"] { #expect(call.arguments.status == status) }
            if let priority = checks["priority"] { #expect(call.arguments.priority == priority) }
            if let tag = checks["tag"] { #expect(call.arguments.tag == tag) }
            if let from = checks["from"] { #expect(call.arguments.dueFrom.map(ChatFixture.wall) == from) }
            if let before = checks["before"] { #expect(call.arguments.dueBefore.map(ChatFixture.wall) == before) }
        default:
            let call = try #require(turn.toolCalls.first, "no tool call; said: \(turn.response)")
            #expect(turn.toolCalls.count == 1)
            #expect(call.tool == parts[0], "\(turn.response)")
            #expect(call.arguments.userId == "alice")
            let id = checks["task"] ?? "new"
            if id != "new" { #expect(call.arguments.taskId == id) }
            let after = ChatFixture.applying(turn.toolCalls, to: ChatFixture.tasks)
            let task = after.first { $0.id == id }
            switch call.tool {
            case ChatToolCall.deleteTask: #expect(task == nil)
            case ChatToolCall.completeTask: #expect(task?.status == .completed)
            default:
                let changed = try #require(task)
                if let title = checks["title"] { #expect(changed.title == title) }
                if let due = checks["due"] { #expect((changed.dueAt.map(ChatFixture.wall) ?? "none") == due, "\(turn.response)") }
                if let priority = checks["priority"] { #expect(changed.priority.rawValue == priority) }
                if let tags = checks["tags"] { #expect(changed.tags.joined(separator: ",") == tags) }
                if let rrule = checks["rrule"] { #expect(call.arguments.recurrence == rrule) }
                if checks["rrule"] == nil, call.tool == ChatToolCall.addTask { #expect(call.arguments.recurrence == nil) }
                if let reminders = checks["reminders"] {
                    let said = (call.arguments.reminders ?? []).map { reminder in
                        reminder.before.map { "before " + $0 } ?? "at " + ChatFixture.wall(reminder.at ?? .distantPast)
                    }
                    #expect(said.joined(separator: ";") == reminders)
                }
                if call.arguments.dueAt != nil { #expect(call.arguments.timeZone == "Europe/Paris") }
            }
        }
    }
}
