// The editor's reminder rows: each is either an ISO 8601 duration before the due time (`{"before":"PT30M"}`,
// moves with the due time) or an absolute time (`{"at":"…Z"}`), task-crud's ReminderInput. task-crud shows
// `{id, at|before, triggerAt, status}` and a saved list replaces the pending reminders, so a kept one is sent again
// by its `at`/`before` (task-crud takes no `id` there).

import { instantToWall, wallToInstant } from "./time.js";

const OFFSETS = [
  ["PT0M", "At due time"], ["PT5M", "5 minutes before"], ["PT15M", "15 minutes before"],
  ["PT30M", "30 minutes before"], ["PT1H", "1 hour before"], ["PT2H", "2 hours before"],
  ["P1D", "1 day before"], ["P2D", "2 days before"], ["P7D", "1 week before"],
];

let counter = 0;

export function reminderRow(reminder, zone) {
  counter += 1;
  const row = document.createElement("li");
  row.className = "reminder-row";
  if (reminder.id) row.dataset.id = reminder.id;
  const select = document.createElement("select");
  select.id = `rem-${counter}`;
  select.setAttribute("aria-label", "When to remind");
  for (const [value, text] of OFFSETS) select.append(new Option(text, value));
  select.append(new Option("At a time…", "at"));
  const known = OFFSETS.some(([value]) => value === reminder.before);
  if (reminder.before && !known) select.prepend(new Option(`${reminder.before} before`, reminder.before));
  select.value = reminder.before ?? "at";
  const at = document.createElement("input");
  at.type = "datetime-local";
  at.setAttribute("aria-label", "Reminder time");
  const instant = reminder.at ?? reminder.triggerAt;
  at.value = instant && !reminder.before ? instantToWall(new Date(instant), zone) : "";
  at.hidden = select.value !== "at";
  select.addEventListener("change", () => {
    at.hidden = select.value !== "at";
    if (!at.hidden) at.focus();
  });
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "ghost";
  remove.textContent = "Remove";
  remove.setAttribute("aria-label", "Remove this reminder");
  remove.addEventListener("click", () => row.remove());
  row.append(select, at, remove);
  return row;
}

export function readReminders(list, zone) {
  const reminders = [];
  for (const row of list.querySelectorAll(".reminder-row")) {
    const [select, at] = row.querySelectorAll("select, input");
    if (select.value === "at") {
      if (!at.value) throw new Error("Pick a time for each “At a time” reminder.");
      reminders.push({ at: wallToInstant(at.value, zone).toISOString() });
    } else {
      reminders.push({ before: select.value });
    }
  }
  return reminders;
}
