import ChatInterpreter
import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON

/// A chat request: `{"conversation_id": "<uuid>"?, "message": "…"}`. Unknown fields are a 400; a message over
/// ``ChatInterpreter/maximumMessageBytes`` is a 413 (the server takes bodies up to 4 MiB, so the cap is here).
struct ChatInput: Decodable, Sendable {
    static let fields = ["conversation_id", "message"]

    var conversationID: String?
    var message: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        if let unknown = container.allKeys.first(where: { !Self.fields.contains($0.stringValue) }) {
            throw HTTPError(
                .badRequest,
                message: "unknown field '\(unknown.stringValue.prefix(64))'; a chat request has conversation_id and message")
        }
        conversationID = try container.decodeIfPresent(String.self, forKey: FieldKey("conversation_id"))
        guard let message = try container.decodeIfPresent(String.self, forKey: FieldKey("message")) else {
            throw HTTPError(.badRequest, message: "missing field 'message'")
        }
        guard message.utf8.count <= ChatInterpreter.maximumMessageBytes else {
            throw HTTPError(
                .contentTooLarge, message: "field 'message' is longer than \(ChatInterpreter.maximumMessageBytes) bytes")
        }
        guard message.contains(where: { !$0.isWhitespace }) else {
            throw HTTPError(.badRequest, message: "field 'message' must not be empty")
        }
        self.message = message
    }

    /// Reads the body, refusing one far over the message cap before decoding it.
    static func read(_ request: HTTPRequest) throws -> ChatInput {
        guard request.body.count <= 6 * ChatInterpreter.maximumMessageBytes + 1024 else {
            throw HTTPError(
                .contentTooLarge, message: "a chat request is at most \(ChatInterpreter.maximumMessageBytes) bytes of message")
        }
        return try request.decodeJSON(ChatInput.self)
    }
}

/// The chat's answer: `{"conversation_id", "response", "tool_calls": [{"tool", "args", "result"}]}`.
struct ChatReplyJSON: Encodable, Sendable {
    var conversationID: String
    var response: String
    var toolCalls: [ChatToolCallJSON]

    enum CodingKeys: String, CodingKey {
        case conversationID = "conversation_id"
        case response
        case toolCalls = "tool_calls"
    }
}

/// One tool call as the chat reports it.
struct ChatToolCallJSON: Encodable, Sendable {
    var tool: String
    var args: ChatArguments
    var result: ChatToolResult?

    init(_ call: ChatToolCall) {
        tool = call.tool
        args = call.arguments
        result = call.result
    }
}

/// `GET`/`PUT /api/{user_id}/settings`: `{"timeZone": "Europe/Paris" | null}`.
struct SettingsJSON: Codable, Sendable {
    var timeZone: String?

    init(timeZone: String?) { self.timeZone = timeZone }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        if let unknown = container.allKeys.first(where: { $0.stringValue != "timeZone" }) {
            throw HTTPError(.badRequest, message: "unknown field '\(unknown.stringValue.prefix(64))'; settings have timeZone")
        }
        guard container.contains(FieldKey("timeZone")) else { throw HTTPError(.badRequest, message: "missing field 'timeZone'") }
        timeZone = try container.decodeIfPresent(String.self, forKey: FieldKey("timeZone"))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        try container.encode(timeZone, forKey: FieldKey("timeZone"))
    }
}
