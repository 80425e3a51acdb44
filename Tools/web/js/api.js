// The task API (issue 13) over fetch: every call carries the bearer token; errors become ApiError with the
// server's `{"error":{"message"}}` text. The JSON field names of reminders and recurrence live here only.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class Api {
  constructor(session) {
    this.session = session;
  }

  get base() {
    return `/api/${encodeURIComponent(this.session.user)}`;
  }

  async request(method, path, { body, version, headers = {} } = {}) {
    const init = { method, headers: { Authorization: `Bearer ${this.session.token}`, ...headers } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (version !== undefined) init.headers["If-Match"] = `"${version}"`;
    const response = await fetch(this.base + path, init);
    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const message = json?.error?.message ?? `${response.status} ${response.statusText}`;
      if (response.status === 401) this.session.expired(message);
      throw new ApiError(response.status, message);
    }
    return json;
  }

  /** One page of tasks for `query` (URLSearchParams-compatible object), `{tasks, nextCursor}`. */
  list(query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    return this.request("GET", `/tasks?${params}`);
  }

  create(input) {
    return this.request("POST", "/tasks", { body: input });
  }

  update(task, changes) {
    return this.request("PATCH", `/tasks/${task.id}`, { body: changes, version: task.version });
  }

  toggle(task) {
    return this.request("PATCH", `/tasks/${task.id}/complete`, { version: task.version });
  }

  remove(task) {
    return this.request("DELETE", `/tasks/${task.id}`, { version: task.version });
  }

  get(id) {
    return this.request("GET", `/tasks/${id}`);
  }

  chat(message, conversationId) {
    const body = { message };
    if (conversationId) body.conversation_id = conversationId;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return this.request("POST", "/chat", { body, headers: timeZone ? { "X-Timezone": timeZone } : {} });
  }
}

/**
 * A task from the REST API or from an event's `data.task`, in one shape: `completed` from `status`, empty lists
 * for absent reminders and tags, the rule text as `recurrence.rrule` (events name it `rule`).
 */
export function normalizeTask(task) {
  const recurrence = task.recurrence && { ...task.recurrence, rrule: task.recurrence.rrule ?? task.recurrence.rule };
  return {
    ...task,
    recurrence,
    completed: task.completed ?? task.status === "completed",
    tags: task.tags ?? [],
    reminders: task.reminders ?? [],
    priority: task.priority ?? "none",
  };
}
