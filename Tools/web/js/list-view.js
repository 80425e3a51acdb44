// Renders the task list: one <li> per task, reused across renders (keyed by id, redrawn only when its version
// changes) so focus and screen-reader position survive live updates.

import { dueLabel, durationLabel } from "./time.js";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function chip(text, className = "") {
  return element("span", `chip ${className}`.trim(), text);
}

export function recurrenceLabel(recurrence) {
  if (!recurrence?.rrule) return null;
  const rule = Object.fromEntries(recurrence.rrule.replace(/^RRULE:/i, "").split(";").map((p) => p.split("=")));
  const every = Number(rule.INTERVAL ?? 1);
  const unit = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year" }[rule.FREQ] ?? rule.FREQ;
  let label = every > 1 ? `every ${every} ${unit}s` : `every ${unit}`;
  if (rule.FREQ === "WEEKLY" && rule.BYDAY === "MO,TU,WE,TH,FR") label = "every weekday";
  else if (rule.BYDAY) label += ` on ${rule.BYDAY}`;
  if (recurrence.anchor === "completion") label += " after done";
  return label;
}

export class ListView {
  constructor(list, handlers) {
    this.list = list;
    this.handlers = handlers;
    this.items = new Map();
    list.addEventListener("click", (event) => this.click(event));
    list.addEventListener("change", (event) => {
      if (event.target.matches("input[type=checkbox]")) this.handlers.onToggle(this.idOf(event.target));
    });
  }

  idOf(node) {
    return node.closest("li[data-id]")?.dataset.id;
  }

  click(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const id = this.idOf(button);
    if (button.dataset.action === "edit") this.handlers.onEdit(id);
    if (button.dataset.action === "delete") this.handlers.onDelete(id);
  }

  render(tasks) {
    const keep = new Set(tasks.map((t) => t.id));
    for (const [id, item] of this.items) {
      if (!keep.has(id)) {
        item.remove();
        this.items.delete(id);
      }
    }
    let previous = null;
    for (const task of tasks) {
      let item = this.items.get(task.id);
      if (!item) {
        item = element("li", "task");
        item.dataset.id = task.id;
        item.dataset.shownAt = String(Date.now());
        this.items.set(task.id, item);
      }
      if (item.dataset.version !== String(task.version)) this.fill(item, task);
      const expected = previous ? previous.nextSibling : this.list.firstChild;
      if (expected !== item) this.list.insertBefore(item, expected);
      previous = item;
    }
  }

  /** Sets data attributes on a task's item (timestamps the browser test reads). */
  mark(id, attributes) {
    const item = this.items.get(id);
    if (item) Object.assign(item.dataset, attributes);
  }

  fill(item, task) {
    const focused = item.contains(document.activeElement) ? document.activeElement.dataset.role : null;
    item.dataset.version = String(task.version);
    item.classList.toggle("done", task.completed);
    item.dataset.priority = task.priority;
    const box = element("input");
    box.type = "checkbox";
    box.checked = task.completed;
    box.id = `done-${task.id}`;
    box.dataset.role = "toggle";
    const label = element("label", "title", task.title);
    label.htmlFor = box.id;
    const body = element("div", "body");
    body.append(label);
    if (task.description) body.append(element("p", "description", task.description));
    const meta = element("div", "meta");
    if (task.dueAt) {
      const overdue = !task.completed && new Date(task.dueAt) < new Date();
      meta.append(chip(`Due ${dueLabel(task.dueAt, task.timeZone)}`, overdue ? "due overdue" : "due"));
    }
    if (task.priority !== "none") meta.append(chip(task.priority, `priority-${task.priority}`));
    for (const tag of task.tags) meta.append(chip(`#${tag}`, "tag"));
    const repeat = recurrenceLabel(task.recurrence);
    if (repeat) meta.append(chip(`Repeats ${repeat}`, "repeat"));
    const pending = task.reminders.filter((r) => (r.status ?? "pending") === "pending");
    if (pending.length) {
      const first = pending[0];
      const text = first.before ? durationLabel(first.before) : dueLabel(first.at ?? first.triggerAt, task.timeZone);
      meta.append(chip(`Reminder ${text}${pending.length > 1 ? ` +${pending.length - 1}` : ""}`, "reminder"));
    }
    if (meta.childElementCount) body.append(meta);
    const actions = element("div", "actions");
    for (const [action, text] of [["edit", "Edit"], ["delete", "Delete"]]) {
      const button = element("button", `ghost ${action}`, text);
      button.type = "button";
      button.dataset.action = action;
      button.dataset.role = action;
      button.setAttribute("aria-label", `${text} “${task.title}”`);
      actions.append(button);
    }
    item.replaceChildren(box, body, actions);
    if (focused) item.querySelector(`[data-role="${focused}"]`)?.focus();
  }
}
