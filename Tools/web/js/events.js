// One live event (a CloudEvent in structured mode, docs/events.md) applied to the list, announced politely.

import { announce, remind } from "./notify.js";
import { dueLabel } from "./time.js";

export function applyEvent(event, state, view) {
  const data = event.data ?? {};
  const receivedAt = String(Date.now());
  switch (event.type) {
    case "com.todo.task.created.v1":
    case "com.todo.recurringtask.generated.v1": {
      const fresh = !state.get(data.task?.id);
      if (data.task && state.upsert(data.task) && fresh) {
        view.mark(data.task.id, { via: "live", receivedAt });
        const next = event.type.includes("recurringtask");
        announce(next ? `Next “${data.task.title}” scheduled` : `“${data.task.title}” was added`);
      }
      break;
    }
    case "com.todo.task.updated.v1":
    case "com.todo.task.completed.v1":
      if (data.task && state.upsert(data.task)) {
        view.mark(data.task.id, { via: "live", receivedAt });
        const verb = event.type.endsWith("completed.v1") ? "completed" : "updated";
        announce(`“${data.task.title}” was ${verb}`);
      }
      break;
    case "com.todo.task.deleted.v1": {
      const task = state.get(data.taskId);
      if (state.remove(data.taskId)) announce(`“${task.title}” was deleted`);
      break;
    }
    case "com.todo.reminder.triggered.v1": {
      const when = data.dueAt ? `Due ${dueLabel(data.dueAt, state.get(data.taskId)?.timeZone)}` : "Reminder";
      remind(data.title ?? "Reminder", when);
      break;
    }
    default:
      break; // other event types (reminder scheduled/delivered, …) change nothing on screen
  }
}
