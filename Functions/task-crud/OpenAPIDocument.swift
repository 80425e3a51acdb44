/// The OpenAPI 3.1 document of task-crud, served at `GET /api/openapi.json` (public). Kept true by
/// `Tests/TaskCrudTests` (every route of the router is in it) and `Tests/openapi/check_responses.py` (`make
/// openapi-check`: real responses of a real task-crud validated against it).
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "todo-functions task-crud",
            "version": "1.0.0",
            "description": "The tasks REST API. Every /api/{user_id} route needs `Authorization: Bearer <JWT>` whose subject is user_id (401 without a valid token, 403 for another user's path, 404 for another user's task). Errors are `{\"error\":{\"message\":\"…\"}}`. Times are RFC 3339; responses carry them in UTC with milliseconds."
          },
          "servers": [{"url": "/"}],
          "security": [{"bearer": []}],
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
          },
          "components": {
            "securitySchemes": {
              "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
              "daprToken": {"type": "apiKey", "in": "header", "name": "dapr-api-token"}
            },
            "parameters": {
              "UserId": {"name": "user_id", "in": "path", "required": true, "description": "Must be the token's subject.", "schema": {"type": "string"}},
              "TaskId": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
              "ReminderId": {"name": "reminder_id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
              "IfMatch": {"name": "If-Match", "in": "header", "description": "The task's ETag (`\"3\"`): the change applies only to that version (412 otherwise). Absent or `*`: any version.", "schema": {"type": "string", "pattern": "^(W/)?(\\*|\"?[+-]?[0-9]+\"?)$"}}
            },
            "headers": {
              "ETag": {"description": "The task's version, quoted (`\"3\"`); send it back in If-Match.", "schema": {"type": "string", "pattern": "^\"[0-9]+\"$"}},
              "Location": {"description": "The created resource.", "schema": {"type": "string"}}
            },
            "responses": {
              "Task": {"description": "The task", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}}},
              "BadRequest": {"description": "Bad input: unknown field, wrong type, value out of range, bad cursor, sort or order; on every route, a path with a dot segment, an encoded slash or backslash, or a control character", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Unauthorized": {"description": "Missing, invalid or expired token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Forbidden": {"description": "The path names another user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "NotFound": {"description": "No such task (or reminder) for this user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Conflict": {"description": "The change conflicts with the task's state (reminders for a completed task)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "PreconditionFailed": {"description": "If-Match named another version", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "ContentTooLarge": {"description": "Body over the server's limit", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "UnsupportedMediaType": {"description": "Content-Type is not JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "Error": {
                "type": "object", "additionalProperties": false, "required": ["error"],
                "properties": {"error": {"type": "object", "additionalProperties": false, "required": ["message"], "properties": {"message": {"type": "string"}}}}
              },
              "Priority": {"enum": ["none", "low", "medium", "high"]},
              "Task": {
                "type": "object", "additionalProperties": false,
                "required": ["id", "userId", "title", "status", "completed", "priority", "tags", "createdAt", "updatedAt", "version", "reminders"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"}, "userId": {"type": "string"},
                  "title": {"type": "string", "minLength": 1, "maxLength": 200}, "description": {"type": "string", "maxLength": 1000},
                  "status": {"enum": ["pending", "completed"]}, "completed": {"type": "boolean"},
                  "priority": {"$ref": "#/components/schemas/Priority"},
                  "tags": {"type": "array", "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": 50}},
                  "dueAt": {"type": "string", "format": "date-time"}, "timeZone": {"type": "string"},
                  "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"},
                  "recurrence": {"$ref": "#/components/schemas/Recurrence"},
                  "completedAt": {"type": "string", "format": "date-time"}, "version": {"type": "integer", "minimum": 1},
                  "reminders": {"type": "array", "items": {"$ref": "#/components/schemas/Reminder"}}
                }
              },
              "TaskPage": {
                "type": "object", "additionalProperties": false, "required": ["tasks"],
                "properties": {"tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}, "nextCursor": {"type": "string", "description": "Absent on the last page."}}
              },
              "TaskCreate": {
                "type": "object", "additionalProperties": false, "required": ["title"],
                "properties": {
                  "title": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$"},
                  "description": {"type": ["string", "null"], "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"},
                  "priority": {"$ref": "#/components/schemas/Priority"},
                  "tags": {"type": "array", "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": 50, "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$"}},
                  "dueAt": {"type": ["string", "null"], "format": "date-time"}, "timeZone": {"type": ["string", "null"], "description": "IANA zone"},
                  "recurrence": {"$ref": "#/components/schemas/RecurrenceInput"},
                  "reminders": {"type": "array", "maxItems": 20, "items": {"$ref": "#/components/schemas/ReminderInput"}}
                }
              },
              "TaskPatch": {
                "type": "object", "additionalProperties": false, "minProperties": 1,
                "properties": {
                  "title": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$"},
                  "description": {"type": ["string", "null"], "maxLength": 1000, "pattern": "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"},
                  "priority": {"$ref": "#/components/schemas/Priority"},
                  "tags": {"type": "array", "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": 50, "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$"}},
                  "dueAt": {"type": ["string", "null"], "format": "date-time"}, "timeZone": {"type": ["string", "null"], "description": "IANA zone"},
                  "recurrence": {"$ref": "#/components/schemas/RecurrenceInput"},
                  "reminders": {"type": "array", "maxItems": 20, "items": {"$ref": "#/components/schemas/ReminderInput"}}
                }
              },
              "Recurrence": {
                "description": "The rule the task follows: RRULE text, anchor, end, which occurrence this task is, and the next due time.",
                "type": "object", "additionalProperties": false, "required": ["ruleId", "rrule", "anchor", "occurrence"],
                "properties": {
                  "ruleId": {"type": "string", "format": "uuid"}, "rrule": {"type": "string"},
                  "anchor": {"enum": ["schedule", "completion"]}, "endAfter": {"type": "integer", "minimum": 1},
                  "endBy": {"type": "string", "format": "date-time"}, "occurrence": {"type": "integer", "minimum": 1},
                  "nextDueAt": {"type": "string", "format": "date-time", "description": "Absent when the series has ended."}
                }
              },
              "RecurrenceInput": {
                "description": "RRULE text (FREQ=WEEKLY;BYDAY=MO), or an object with `rrule` or the simple form (`frequency`, `interval`, `endAfter` or `endBy`), and `anchor`; null stops the series. Needs the task's dueAt.",
                "oneOf": [
                  {"type": "null"},
                  {"type": "string", "minLength": 1},
                  {"type": "object", "additionalProperties": false,
                   "properties": {
                     "rrule": {"type": "string"}, "frequency": {"enum": ["daily", "weekly", "monthly", "yearly"]},
                     "interval": {"type": "integer", "minimum": 1}, "endAfter": {"type": "integer", "minimum": 1},
                     "endBy": {"type": "string", "format": "date-time"}, "anchor": {"enum": ["schedule", "completion"]}
                   }}
                ]
              },
              "ReminderInput": {
                "description": "Exactly one of `at` (an absolute time) or `before` (an ISO 8601 duration before the task's due time: weeks, days, hours, minutes, seconds, whole numbers, at most 366 days; the task must have a dueAt).",
                "oneOf": [
                  {"type": "object", "additionalProperties": false, "required": ["at"], "properties": {"at": {"type": "string", "format": "date-time"}}},
                  {"type": "object", "additionalProperties": false, "required": ["before"], "properties": {"before": {"type": "string", "pattern": "^[Pp](?=.)([0-9]+[WwDd])*([Tt]([0-9]+[HhMmSs])+)?$"}}}
                ]
              },
              "Reminder": {
                "type": "object", "additionalProperties": false, "required": ["id", "triggerAt", "status"],
                "properties": {
                  "id": {"type": "string", "format": "uuid"},
                  "at": {"type": "string", "format": "date-time", "description": "Set for an absolute reminder."},
                  "before": {"type": "string", "description": "Set for a reminder relative to the due time (ISO 8601 duration)."},
                  "triggerAt": {"type": "string", "format": "date-time"},
                  "status": {"enum": ["pending", "fired", "cancelled"]}
                }
              },
              "ReminderList": {
                "type": "object", "additionalProperties": false, "required": ["reminders"],
                "properties": {"reminders": {"type": "array", "items": {"$ref": "#/components/schemas/Reminder"}}}
              },
              "ChatRequest": {
                "type": "object", "additionalProperties": false, "required": ["message"],
                "properties": {
                  "conversation_id": {"type": "string", "format": "uuid", "description": "Absent: start a new conversation."},
                  "message": {"type": "string", "minLength": 1, "pattern": "\\S", "description": "Not only whitespace; at most 4096 bytes (413 above)."}
                }
              },
              "ChatReply": {
                "type": "object", "additionalProperties": false, "required": ["conversation_id", "response", "tool_calls"],
                "properties": {
                  "conversation_id": {"type": "string", "format": "uuid"}, "response": {"type": "string"},
                  "tool_calls": {"type": "array", "items": {
                    "type": "object", "additionalProperties": false, "required": ["tool", "args"],
                    "properties": {
                      "tool": {"enum": ["add_task", "list_tasks", "complete_task", "delete_task", "update_task"]},
                      "args": {"type": "object", "description": "user_id, task_id, and the task fields (as TaskCreate/TaskPatch: title, priority, tags, dueAt, timeZone, reminders, recurrence as RRULE text) or the list filters (status, priority, tag, dueFrom, dueBefore)."},
                      "result": {"type": "object", "description": "task_id, status (created, completed, deleted, updated) and title; tasks [{id, title, completed}] for a list; error when refused."}
                    }
                  }}
                }
              },
              "Settings": {
                "type": "object", "additionalProperties": false, "required": ["timeZone"],
                "properties": {"timeZone": {"type": ["string", "null"], "description": "IANA zone the chat reads relative dates in; null for UTC."}}
              },
              "OccurrenceInput": {
                "type": "object", "additionalProperties": false, "required": ["userId", "ruleId", "occurrence", "task"],
                "properties": {
                  "userId": {"type": "string"}, "ruleId": {"type": "string", "maxLength": 100},
                  "occurrence": {"type": "integer", "minimum": 1, "maximum": 1000000},
                  "task": {"$ref": "#/components/schemas/TaskCreate"}
                }
              }
            }
          }
        }
        """#
}
