import ChatInterpreter
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
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
        if let failure = try await runner.run(&turn.toolCalls) { turn.response = failure }
        let calls = turn.toolCalls.map(ChatToolCallJSON.init)
        let callsText = calls.isEmpty ? nil : String(decoding: try JSONCoding.encoder.encode(calls), as: UTF8.self)
        _ = try await conversations.record(
            [
                NewMessage(conversationID: conversation.id, userID: user, role: "user", content: input.message),
                NewMessage(
                    conversationID: conversation.id, userID: user, role: "assistant", content: turn.response,
                    toolCalls: callsText),
            ], state: turn.state.json(), conversationID: conversation.id, userID: user)
        return try .json(
            ChatReplyJSON(conversationID: conversation.id.uuidString.lowercased(), response: turn.response, toolCalls: calls))
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
