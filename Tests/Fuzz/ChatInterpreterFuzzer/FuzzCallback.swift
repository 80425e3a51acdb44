import ChatInterpreter
import FoundationEssentials
import Recurrence
import Schedules
import TodoDomain

/// One libFuzzer input: up to four messages (split at newlines), read as one conversation by a user who has a few
/// tasks with overlapping titles. Beyond "no crash", for every turn:
/// - the same message and state give the same turn (the interpreter is pure; checked on the first message);
/// - every tool call acts for the caller only, and a change names one of the caller's tasks;
/// - the state remembers only the caller's task ids, and survives its JSON round trip;
/// - a recurrence it writes is RRULE text the parser accepts.
let fuzzChatInterpreter: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    guard let data, size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var state = ChatState()
    for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 3).prefix(4).enumerated() {
        let message = String(decoding: line.prefix(ChatInterpreter.maximumMessageBytes), as: UTF8.self)
        let turn = interpreter.reply(to: message, state: state, tasks: tasks)
        if index == 0 {  // once per input: the check doubles the work
            let again = interpreter.reply(to: message, state: state, tasks: tasks)
            precondition(turn.response == again.response && turn.toolCalls == again.toolCalls && turn.state == again.state)
        }
        check(turn)
        state = turn.state
    }
    return 0
}

private func check(_ turn: ChatTurn) {
    for call in turn.toolCalls {
        precondition(call.arguments.userId == nil || call.arguments.userId == user, "a call for another user")
        switch call.tool {
        case ChatToolCall.completeTask, ChatToolCall.deleteTask, ChatToolCall.updateTask:
            precondition(call.arguments.taskId.map(taskIDs.contains) == true, "a change without one of the user's tasks")
        case ChatToolCall.addTask, ChatToolCall.listTasks: break
        default: preconditionFailure("unknown tool \(call.tool)")
        }
        if let text = call.arguments.recurrence {
            precondition((try? RecurrenceRule(parsing: text)) != nil, "chat wrote an RRULE the parser refuses: \(text)")
        }
    }
    precondition(turn.state.lastList.allSatisfy(taskIDs.contains), "state remembers a task that is not the user's")
    if let pending = turn.state.pending {
        precondition(!pending.candidates.isEmpty && pending.candidates.allSatisfy(taskIDs.contains), "bad candidates")
    }
    precondition(ChatState(json: turn.state.json()) == turn.state, "state JSON round trip")
}

private let user = "fuzz-user"

/// Sunday 2026-03-29 08:30 in Paris, the morning clocks went forward.
private let interpreter = ChatInterpreter(
    userID: user, now: Date(timeIntervalSince1970: 1_774_765_800),
    zone: (try? ZoneInfo.named("Europe/Paris")) ?? ZoneInfo.utc)

private let tasks: [ChatTask] = [
    ChatTask(id: "00000000-0000-4000-8000-000000000001", title: "buy milk", tags: ["home"]),
    ChatTask(
        id: "00000000-0000-4000-8000-000000000002", title: "buy milk and eggs", priority: .high,
        dueAt: Date(timeIntervalSince1970: 1_774_800_000)),
    ChatTask(id: "00000000-0000-4000-8000-000000000003", title: "Call Mom", tags: ["family", "phone"]),
    ChatTask(
        id: "00000000-0000-4000-8000-000000000004", title: "pay rent", status: .completed,
        dueAt: Date(timeIntervalSince1970: 1_774_000_000)),
    ChatTask(id: "00000000-0000-4000-8000-000000000005", title: "2", priority: .low),
]

private let taskIDs = Set(tasks.map(\.id))

/// libFuzzer's own `main` (linked in, though SwiftPM's runs) references this symbol, so it must exist.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 { fuzzChatInterpreter(data, size) }
