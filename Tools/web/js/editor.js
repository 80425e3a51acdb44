// The task dialog: every field of a task, including due time with zone, reminders and recurrence. `open(task)`
// fills it; Save calls `onSave(input, task)` and keeps the dialog open with the server's message when it fails.

import { instantToWall, isZone, localZone, wallToInstant, zones } from "./time.js";
import { reminderRow, readReminders } from "./reminder-rows.js";
import { readRecurrence, showRecurrence, syncRecurrence } from "./recurrence-fields.js";

export class Editor {
  constructor(dialog, { onSave, onDelete }) {
    this.dialog = dialog;
    this.form = dialog.querySelector("form");
    this.onSave = onSave;
    this.onDelete = onDelete;
    this.task = null;
    this.field = (name) => this.form.elements.namedItem(name);
    document.getElementById("zone-list").replaceChildren(...zones().map((z) => new Option(z)));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    this.form.addEventListener("change", () => syncRecurrence(this.form));
    dialog.querySelector("#ed-cancel").addEventListener("click", () => dialog.close());
    dialog.querySelector("#ed-delete").addEventListener("click", async () => {
      dialog.close();
      await this.onDelete(this.task.id);
    });
    dialog.querySelector("#ed-add-reminder").addEventListener("click", () => {
      const row = reminderRow({ before: "PT30M" }, this.zone());
      this.reminders().append(row);
      row.querySelector("select").focus();
    });
  }

  reminders() {
    return this.dialog.querySelector("#ed-reminders");
  }

  zone() {
    const zone = this.field("zone").value.trim();
    return isZone(zone) ? zone : localZone;
  }

  open(task = null, title = "") {
    this.task = task;
    this.form.reset();
    this.dialog.querySelector("#editor-heading").textContent = task ? "Edit task" : "New task";
    this.dialog.querySelector("#ed-delete").hidden = !task;
    this.dialog.querySelector("#editor-error").textContent = "";
    const zone = task?.timeZone && isZone(task.timeZone) ? task.timeZone : localZone;
    this.field("title").value = task?.title ?? title;
    this.field("description").value = task?.description ?? "";
    this.field("priority").value = task?.priority ?? "none";
    this.field("tags").value = (task?.tags ?? []).join(", ");
    this.field("zone").value = zone;
    this.field("due").value = task?.dueAt ? instantToWall(new Date(task.dueAt), zone) : "";
    this.reminders().replaceChildren(...(task?.reminders ?? [])
      .filter((r) => (r.status ?? "pending") === "pending")
      .map((r) => reminderRow(r, zone)));
    showRecurrence(this.form, task?.recurrence);
    this.dialog.showModal();
    this.field("title").focus();
  }

  /** The request body the form describes; fields the server may not know yet are sent only when used. */
  input() {
    const zone = this.field("zone").value.trim();
    if (zone && !isZone(zone)) throw new Error(`“${zone}” is not a time zone such as Europe/Paris`);
    const due = this.field("due").value;
    const input = {
      title: this.field("title").value.trim(),
      priority: this.field("priority").value,
      tags: this.field("tags").value.split(/[,\s]+/).map((t) => t.replace(/^#/, "")).filter(Boolean),
      dueAt: due ? wallToInstant(due, zone || localZone).toISOString() : null,
      timeZone: due ? zone || localZone : null,
    };
    const description = this.field("description").value.trim();
    if (description || this.task?.description) input.description = description || null;
    const reminders = readReminders(this.reminders(), zone || localZone);
    if (reminders.length && !due && reminders.some((r) => r.before)) {
      throw new Error("A reminder before the due time needs a due time.");
    }
    if (reminders.length || this.task?.reminders?.length) input.reminders = reminders;
    const recurrence = readRecurrence(this.form);
    if (recurrence && !due) throw new Error("A repeating task needs a due time to repeat from.");
    if (recurrence || this.task?.recurrence) input.recurrence = recurrence;
    return input;
  }

  async save() {
    const error = this.dialog.querySelector("#editor-error");
    error.textContent = "";
    const button = this.dialog.querySelector("#ed-save");
    button.disabled = true;
    try {
      await this.onSave(this.input(), this.task);
      this.dialog.close();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  }
}
