// The editor's reminder rows: each is either an ISO 8601 duration before the due time (`{"before":"PT30M"}`,
// moves with the due time) or an absolute time (`{"remindAt":"…Z"}`). A kept reminder sends back its `id`.

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
  at.value = reminder.remindAt && !reminder.before ? instantToWall(new Date(reminder.remindAt), zone) : "";
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
    const reminder = row.dataset.id ? { id: row.dataset.id } : {};
    if (select.value === "at") {
      if (!at.value) throw new Error("Pick a time for each “At a time” reminder.");
      reminder.remindAt = wallToInstant(at.value, zone).toISOString();
    } else {
      reminder.before = select.value;
    }
    reminders.push(reminder);
  }
  return reminders;
}
