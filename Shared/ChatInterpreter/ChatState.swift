import FoundationEssentials

/// What a conversation remembers between messages: the task ids of the last list it showed (so "complete 2"
/// means the second of them) and a question it is waiting for an answer to. Stored as JSON with the conversation.
package struct ChatState: Codable, Sendable, Hashable {
    /// The ids of the tasks the last list showed, in the order numbered (1 first).
    package var lastList: [String]
    /// The question asked when a request matched several tasks; the next message answers it.
    package var pending: PendingAction?

    /// Makes a state.
    package init(lastList: [String] = [], pending: PendingAction? = nil) {
        self.lastList = lastList
        self.pending = pending
    }

    /// A change waiting for the user to say which task it is about.
    package struct PendingAction: Codable, Sendable, Hashable {
        /// `complete_task`, `delete_task` or `update_task`.
        package var tool: String
        /// The candidate task ids, numbered from 1 in the question.
        package var candidates: [String]
        /// For `update_task`, the change to make.
        package var changes: ChatArguments?
        /// For a change naming only a time, that time (seconds into the task's due day).
        package var timeOfDay: Int?

        /// Makes a pending action.
        package init(tool: String, candidates: [String], changes: ChatArguments? = nil, timeOfDay: Int? = nil) {
            self.tool = tool
            self.candidates = candidates
            self.changes = changes
            self.timeOfDay = timeOfDay
        }
    }

    /// The state as JSON text (what the conversation row stores).
    package func json() -> String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The state read back from `json`; an empty state for nil or unreadable text.
    package init(json: String?) {
        guard let json, let state = try? JSONDecoder().decode(ChatState.self, from: Data(json.utf8)) else {
            self.init()
            return
        }
        self = state
    }
}
