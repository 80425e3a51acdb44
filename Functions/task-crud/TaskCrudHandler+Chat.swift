import ChatInterpreter
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Storage

/// `POST /api/{user_id}/chat`: one message to the offline interpreter (``ChatInterpreter``). The conversation (its
/// messages and what the chat remembers: the last list it numbered, a question it asked) persists in
/// `conversations`/`messages`; every change runs through this function's own task routes (``ChatToolRunner``), so
/// it is checked, stored and announced exactly as the REST call would be.
extension TaskCrudHandler {
    /// At most this many of the user's tasks (most recently changed first) are looked at by title or listed.
    static let chatTaskLimit = 1000

    func chat(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let user = try owner(request, context)
        let input = try ChatInput.read(request)
        let zone = try await chatZone(request, user: user)
        let conversation = try await openConversation(input.conversationID, user: user, message: input.message)
        let state = ChatState(json: conversation.state)
        let interpreter = ChatInterpreter(userID: user, now: now(), zone: zone)
        let read = interpreter.read(input.message, state: state)
        var records: [TaskRecord] = []
        if read.needsTasks {
            var filter = TaskFilter(userID: user, limit: Self.chatTaskLimit)
            filter.sort = .updated
            filter.descending = true
            records = try await tasks.list(filter).tasks
        }
        var turn = interpreter.answer(read, state: state, tasks: records.map(Self.chatTask))
        let runner = ChatToolRunner(handler: self, request: request, context: context, user: user, tasks: records)
        let question = NewMessage(conversationID: conversation.id, userID: user, role: "user", content: input.message)
        let companion = Self.turnCompanion(turn, question: question)
        let failure = try await TaskChangeCompanion.$current.withValue(companion) { try await runner.run(&turn.toolCalls) }
        if let failure { turn.response = failure }
        let calls = turn.toolCalls.map(ChatToolCallJSON.init)
        if companion?.committed != true {
            _ = try await conversations.record(
                [question, try Self.answer(turn, calls: calls, conversationID: conversation.id, userID: user)],
                state: turn.state.json(), conversationID: conversation.id, userID: user)
        }
        return try .json(
            ChatReplyJSON(conversationID: conversation.id.uuidString.lowercased(), response: turn.response, toolCalls: calls))
    }

    /// The turn written in the transaction of the one change it makes (issue 13): the task, its events and the
    /// turn commit together, or none of them. The change's result is filled from the task as stored, as the reply
    /// fills it from the route's answer. Nil when the turn changes nothing (or, never yet, more than one thing): it
    /// is then written on its own.
    private static func turnCompanion(_ turn: ChatTurn, question: NewMessage) -> TaskChangeCompanion? {
        let pending = turn.toolCalls.indices.filter { turn.toolCalls[$0].result == nil }
        guard pending.count == 1 else { return nil }
        let index = pending[0]
        return TaskChangeCompanion { task, now, executor in
            var calls = turn.toolCalls
            calls[index].result = ChatToolRunner.result(of: calls[index], task: task)
            let answer = try answer(
                turn, calls: calls.map(ChatToolCallJSON.init), conversationID: question.conversationID,
                userID: question.userID)
            try SQLConversationStore.write(
                [question, answer], state: turn.state.json(), conversationID: question.conversationID,
                userID: question.userID, at: now, into: executor)
        }
    }

    /// The assistant's message of a turn.
    private static func answer(_ turn: ChatTurn, calls: [ChatToolCallJSON], conversationID: UUID, userID: String) throws
        -> NewMessage
    {
        let callsText = calls.isEmpty ? nil : String(decoding: try JSONCoding.encoder.encode(calls), as: UTF8.self)
        return NewMessage(
            conversationID: conversationID, userID: userID, role: "assistant", content: turn.response, toolCalls: callsText)
    }

    /// The user's conversation `id`, or a new one when the request names none.
    /// - Throws: `HTTPError` 404 for an id that is not one of the user's conversations.
    private func openConversation(_ id: String?, user: String, message: String) async throws -> ConversationRecord {
        guard let id else {
            return try await conversations.createConversation(
                id: TimeOrderedUUID.make(), userID: user, title: String(message.prefix(80)))
        }
        let missing = HTTPError(.notFound, message: "no conversation \(id.prefix(64))")
        guard let uuid = UUID(uuidString: id), let conversation = try await conversations.conversation(id: uuid, userID: user)
        else { throw missing }
        return conversation
    }

    static func chatTask(_ record: TaskRecord) -> ChatTask {
        ChatTask(
            id: record.id.uuidString.lowercased(), title: record.title, status: record.status, priority: record.priority,
            tags: record.tags, dueAt: record.dueAt)
    }
}
