extension OpenAPIDocument {
    /// The document's `components` member: security schemes, parameters and the schemas the paths refer to.
    static let components = #"""
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
        """#
}
