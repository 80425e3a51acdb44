extension OpenAPIDocument {
    /// The document's `paths` member: every route of the router, with its parameters and answers.
    static let paths = #"""
          "paths": {
            "/api/openapi.json": {
              "get": {
                "summary": "This document", "operationId": "openAPI", "security": [],
                "responses": {"200": {"description": "The OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}}}
              }
            },
            "/api/{user_id}/tasks": {
              "parameters": [{"$ref": "#/components/parameters/UserId"}],
              "get": {
                "summary": "List tasks, a page at a time", "operationId": "listTasks",
                "description": "Keyset pages: pass the previous page's nextCursor as `cursor` with the same sort and order. Ties are broken by task id, so pages never repeat or skip a task. Under sort=due, tasks without a due date come after every dated task ascending (before them descending).",
                "parameters": [
                  {"name": "status", "in": "query", "schema": {"enum": ["all", "pending", "completed"], "default": "all"}},
                  {"name": "priority", "in": "query", "schema": {"$ref": "#/components/schemas/Priority"}},
                  {"name": "tag", "in": "query", "schema": {"type": "string", "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}},
                  {"name": "q", "in": "query", "description": "Title or description contains it, case- and accent-insensitively (é = e, ß = ss, İ = i).", "schema": {"type": "string", "maxLength": 200, "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"}},
                  {"name": "dueFrom", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                  {"name": "dueBefore", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                  {"name": "sort", "in": "query", "schema": {"enum": ["due", "priority", "created", "updated", "title"], "default": "created"}},
                  {"name": "order", "in": "query", "description": "Default: desc for priority and updated, asc otherwise.", "schema": {"enum": ["asc", "desc"]}},
                  {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}},
                  {"name": "cursor", "in": "query", "description": "The previous page's nextCursor (opaque).", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "One page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TaskPage"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}
                }
              },
              "post": {
                "summary": "Create a task (and its reminders)", "operationId": "createTask",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TaskCreate"}}}},
                "responses": {
                  "201": {"description": "Created", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}, "Location": {"$ref": "#/components/headers/Location"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}, "413": {"$ref": "#/components/responses/ContentTooLarge"},
                  "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
                }
              }
            },
            "/api/{user_id}/tasks/{id}": {
              "parameters": [{"$ref": "#/components/parameters/UserId"}, {"$ref": "#/components/parameters/TaskId"}],
              "get": {
                "summary": "One task", "operationId": "showTask",
                "responses": {
                  "200": {"$ref": "#/components/responses/Task"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "put": {
                "summary": "Replace a task", "operationId": "replaceTask",
                "description": "Every field is set; absent ones go back to empty, and the reminders are replaced by `reminders` (none when absent): pending ones are cancelled (ReminderCancelled, reason replaced).",
                "parameters": [{"$ref": "#/components/parameters/IfMatch"}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TaskCreate"}}}},
                "responses": {
                  "200": {"$ref": "#/components/responses/Task"}, "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"},
                  "412": {"$ref": "#/components/responses/PreconditionFailed"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
                }
              },
              "patch": {
                "summary": "Change some fields of a task", "operationId": "updateTask",
                "description": "Only the fields present change; null clears a clearable field. `reminders`, when present, replaces the pending reminders. Reminders relative to the due time move with it (ReminderScheduled with previousRemindAt).",
                "parameters": [{"$ref": "#/components/parameters/IfMatch"}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TaskPatch"}}}},
                "responses": {
                  "200": {"$ref": "#/components/responses/Task"}, "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"},
                  "412": {"$ref": "#/components/responses/PreconditionFailed"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
                }
              },
              "delete": {
                "summary": "Delete a task (and cancel its pending reminders)", "operationId": "deleteTask",
                "parameters": [{"$ref": "#/components/parameters/IfMatch"}],
                "responses": {
                  "204": {"description": "Deleted"}, "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"}, "412": {"$ref": "#/components/responses/PreconditionFailed"}
                }
              }
            },
            "/api/{user_id}/tasks/{id}/complete": {
              "parameters": [{"$ref": "#/components/parameters/UserId"}, {"$ref": "#/components/parameters/TaskId"}],
              "patch": {
                "summary": "Toggle completed", "operationId": "toggleCompleted",
                "description": "Completes a pending task, cancelling its pending reminders (TaskCompleted.reminderIds), or reopens a completed one (its cancelled reminders stay cancelled).",
                "parameters": [{"$ref": "#/components/parameters/IfMatch"}],
                "responses": {
                  "200": {"$ref": "#/components/responses/Task"}, "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"}, "412": {"$ref": "#/components/responses/PreconditionFailed"}
                }
              }
            },
            "/api/{user_id}/tasks/{id}/reminders": {
              "parameters": [{"$ref": "#/components/parameters/UserId"}, {"$ref": "#/components/parameters/TaskId"}],
              "get": {
                "summary": "A task's reminders, every status, by trigger time", "operationId": "listReminders",
                "responses": {
                  "200": {"description": "The reminders", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReminderList"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "post": {
                "summary": "Add a reminder", "operationId": "addReminder",
                "description": "ReminderScheduled is written in the same transaction. The task's version does not change. At most 20 pending reminders per task.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReminderInput"}}}},
                "responses": {
                  "201": {"description": "Scheduled", "headers": {"Location": {"$ref": "#/components/headers/Location"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reminder"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
                }
              }
            },
            "/api/{user_id}/tasks/{id}/reminders/{reminder_id}": {
              "parameters": [{"$ref": "#/components/parameters/UserId"}, {"$ref": "#/components/parameters/TaskId"}, {"$ref": "#/components/parameters/ReminderId"}],
              "delete": {
                "summary": "Cancel a reminder", "operationId": "removeReminder",
                "description": "A pending reminder becomes cancelled (ReminderCancelled, reason removed); one that fired or was cancelled stays as it is. It stays listed with its status.",
                "responses": {
                  "204": {"description": "Cancelled (or already not pending)"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/{user_id}/chat": {
              "parameters": [{"$ref": "#/components/parameters/UserId"}],
              "post": {
                "summary": "Talk to the offline chat", "operationId": "chat",
                "description": "Reads one message in plain English (add with dates, times, priorities, #tags, reminders and repeats; list; complete, delete or change by title or by number in the last list) and answers with what it did. Relative dates resolve in X-Timezone, else the user's saved zone, else UTC. Changes run through the task routes above (same checks and events). Without conversation_id a new conversation starts; another user's conversation is a 404.",
                "parameters": [{"name": "X-Timezone", "in": "header", "description": "IANA zone for relative dates (400 when unknown).", "schema": {"type": "string"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatRequest"}}}},
                "responses": {
                  "200": {"description": "The chat's answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatReply"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/ContentTooLarge"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
                }
              }
            },
            "/api/{user_id}/settings": {
              "parameters": [{"$ref": "#/components/parameters/UserId"}],
              "get": {
                "summary": "The user's settings", "operationId": "showSettings",
                "responses": {
                  "200": {"description": "The settings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Settings"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}
                }
              },
              "put": {
                "summary": "Save the user's settings", "operationId": "saveSettings",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Settings"}}}},
                "responses": {
                  "200": {"description": "The saved settings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Settings"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"}, "415": {"$ref": "#/components/responses/UnsupportedMediaType"}
                }
              }
            },
            "/internal/tasks": {
              "post": {
                "summary": "Create the next occurrence of a series (Dapr service invocation only)", "operationId": "createOccurrence",
                "description": "Dapr-facing: outside /api, so the ingress never routes it; needs dapr-api-token when an app token is configured. Idempotent on the generation key `<ruleId>:<occurrence>`: a repeat returns the same task with 200 and writes nothing.",
                "security": [{"daprToken": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OccurrenceInput"}}}},
                "responses": {
                  "200": {"description": "The occurrence existed already", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
                  "201": {"description": "Created", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
                  "409": {"$ref": "#/components/responses/Conflict"}
                }
              }
            },
            "/outbox-relay-cron": {
              "post": {
                "summary": "The outbox sweep (Dapr cron input binding only)", "operationId": "outboxSweep", "security": [{"daprToken": []}],
                "responses": {"200": {"description": "Swept"}, "401": {"$ref": "#/components/responses/Unauthorized"}}
              },
              "options": {
                "summary": "Dapr's binding probe", "operationId": "outboxSweepProbe", "security": [{"daprToken": []}],
                "responses": {"200": {"description": "This app takes the binding"}}
              }
            }
          }
        """#
}
