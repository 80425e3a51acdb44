import FoundationEssentials

/// One tool the chat used, with the seed's tool names (`add_task`, `list_tasks`, `complete_task`, `delete_task`,
/// `update_task`), its arguments and, once run, its result.
package struct ChatToolCall: Sendable, Hashable {
    /// The tool's name.
    package var tool: String
    /// The arguments.
    package var arguments: ChatArguments
    /// What it returned (filled in by whoever runs it; a list's result is filled in by the interpreter).
    package var result: ChatToolResult?

    /// Makes a call.
    package init(tool: String, arguments: ChatArguments, result: ChatToolResult? = nil) {
        self.tool = tool
        self.arguments = arguments
        self.result = result
    }

    /// Adds a task.
    package static let addTask = "add_task"
    /// Lists tasks.
    package static let listTasks = "list_tasks"
    /// Completes a task.
    package static let completeTask = "complete_task"
    /// Deletes a task.
    package static let deleteTask = "delete_task"
    /// Changes a task.
    package static let updateTask = "update_task"
}

/// A tool's result: the seed's `{task_id, status, title}` for a change, the listed tasks for a list, or an error.
package struct ChatToolResult: Codable, Sendable, Hashable {
    /// The task the call changed.
    package var taskId: String?
    /// `created`, `completed`, `deleted` or `updated`.
    package var status: String?
    /// The task's title.
    package var title: String?
    /// The tasks a list returned: `{id, title, completed}` each.
    package var tasks: [Listed]?
    /// Why the call failed.
    package var error: String?

    /// Makes a result.
    package init(
        taskId: String? = nil, status: String? = nil, title: String? = nil, tasks: [Listed]? = nil, error: String? = nil
    ) {
        self.taskId = taskId
        self.status = status
        self.title = title
        self.tasks = tasks
        self.error = error
    }

    /// One listed task.
    package struct Listed: Codable, Sendable, Hashable {
        /// The task id.
        package var id: String
        /// The title.
        package var title: String
        /// Whether it is done.
        package var completed: Bool
    }

    enum CodingKeys: String, CodingKey {
        case taskId = "task_id"
        case status, title, tasks, error
    }
}
