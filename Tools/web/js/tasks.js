// The tasks this window shows: the loaded list, kept in the filter's order as REST answers and live events change
// it. An event older than what we hold (lower version) is ignored, so replays and our own answers never go back.

import { normalizeTask } from "./api.js";

const PRIORITY_RANK = { none: 0, low: 1, medium: 2, high: 3 };

export function matches(task, filter) {
  if (task.status === "deleted") return false;
  if (filter.status === "pending" && task.completed) return false;
  if (filter.status === "completed" && !task.completed) return false;
  if (filter.priority && task.priority !== filter.priority) return false;
  if (filter.tag && !task.tags.includes(filter.tag)) return false;
  if (filter.q) {
    const fold = (text) => (text ?? "").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    const needle = fold(filter.q);
    if (!fold(task.title).includes(needle) && !fold(task.description).includes(needle)) return false;
  }
  return true;
}

export function comparator(sort, order) {
  const key = {
    created: (t) => t.createdAt,
    updated: (t) => t.updatedAt,
    due: (t) => t.dueAt ?? null,
    priority: (t) => PRIORITY_RANK[t.priority] ?? 0,
    title: (t) => t.title.toLocaleLowerCase(),
  }[sort] ?? ((t) => t.createdAt);
  const direction = order === "desc" ? -1 : 1;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x !== y) {
      if (x === null) return 1; // no due date: last either way
      if (y === null) return -1;
      return (x < y ? -1 : 1) * direction;
    }
    return a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
  };
}

export class TaskState {
  constructor() {
    this.tasks = new Map();
    this.filter = { status: "pending", sort: "created", order: "asc" };
    this.onChange = () => {};
  }

  /** A list load starts: changes until its answer arrives are journaled and replayed on top of it. */
  beginLoad() {
    this.journal = [];
  }

  replaceAll(tasks) {
    const journal = this.journal ?? [];
    this.journal = null;
    this.tasks = new Map(tasks.map((t) => [t.id, normalizeTask(t)]));
    for (const [op, value] of journal) op === "upsert" ? this.upsert(value, false) : this.remove(value, false);
    this.onChange();
  }

  append(tasks) {
    for (const task of tasks) this.tasks.set(task.id, normalizeTask(task));
    this.onChange();
  }

  /** Adds or replaces a task unless we already hold a newer version; returns whether it changed. */
  upsert(raw, notify = true) {
    this.journal?.push(["upsert", raw]);
    const task = normalizeTask(raw);
    const held = this.tasks.get(task.id);
    if (held && held.version >= task.version) return false;
    if (held && raw.reminders === undefined) task.reminders = held.reminders; // an event's task has no reminders
    this.tasks.set(task.id, task);
    if (notify) this.onChange();
    return true;
  }

  remove(id, notify = true) {
    this.journal?.push(["remove", id]);
    if (!this.tasks.delete(id)) return false;
    if (notify) this.onChange();
    return true;
  }

  get(id) {
    return this.tasks.get(id);
  }

  /** The tasks to show, filtered and sorted like the server would. */
  visible() {
    return [...this.tasks.values()]
      .filter((t) => matches(t, this.filter))
      .sort(comparator(this.filter.sort, this.filter.order));
  }

  tags() {
    return [...new Set([...this.tasks.values()].flatMap((t) => t.tags))].sort();
  }
}
