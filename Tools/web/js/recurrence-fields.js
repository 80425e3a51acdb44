// The editor's repeat fields ↔ task-crud's `{"rrule":"FREQ=…", "anchor":"schedule"|"completion"}` (RFC 5545 RRULE
// text; the simple choices are sugar for common rules, "Custom rule…" takes any RRULE the server accepts). task-crud
// shows `{ruleId, rrule, anchor, endAfter, endBy, occurrence, nextDueAt}` (normalizeTask maps an event's `rule`).

const SIMPLE = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
const WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";

function parse(rule) {
  return Object.fromEntries(rule.replace(/^RRULE:/i, "").split(";").filter(Boolean).map((p) => p.split("=")));
}

export function showRecurrence(form, recurrence) {
  const f = form.elements;
  f.freq.value = "";
  if (recurrence?.rrule) {
    const parts = parse(recurrence.rrule);
    const extra = Object.keys(parts).filter((k) => !["FREQ", "INTERVAL", "COUNT", "UNTIL"].includes(k));
    const bare = recurrence.rrule.replace(/;(COUNT|UNTIL)=[^;]*/g, "");
    if (bare === WEEKDAYS) f.freq.value = "WEEKDAYS";
    else if (SIMPLE.includes(parts.FREQ) && extra.length === 0) f.freq.value = parts.FREQ;
    else f.freq.value = "CUSTOM";
    f.rule.value = recurrence.rrule;
    f.interval.value = parts.INTERVAL ?? 1;
    if (parts.COUNT) {
      f.ends.value = "count";
      f.count.value = parts.COUNT;
    } else if (parts.UNTIL) {
      f.ends.value = "until";
      f.until.value = `${parts.UNTIL.slice(0, 4)}-${parts.UNTIL.slice(4, 6)}-${parts.UNTIL.slice(6, 8)}`;
    }
    f.fromCompletion.checked = recurrence.anchor === "completion";
  }
  syncRecurrence(form);
}

export function syncRecurrence(form) {
  const f = form.elements;
  const freq = f.freq.value;
  for (const node of form.querySelectorAll("[data-repeat]")) node.hidden = !freq || freq === "CUSTOM";
  for (const node of form.querySelectorAll("[data-ends]")) {
    node.hidden = !freq || freq === "CUSTOM" || node.dataset.ends !== f.ends.value;
  }
  form.querySelector("[data-custom]").hidden = freq !== "CUSTOM";
  form.querySelector("label.check[data-repeat]").hidden = !freq;
  f.interval.parentElement.hidden ||= freq === "WEEKDAYS";
}

export function readRecurrence(form) {
  const f = form.elements;
  const freq = f.freq.value;
  if (!freq) return null;
  let rule;
  if (freq === "CUSTOM") {
    rule = f.rule.value.trim().replace(/^RRULE:/i, "").toUpperCase();
    if (!/^FREQ=/.test(rule)) throw new Error("A custom rule starts with FREQ=, e.g. FREQ=MONTHLY;BYDAY=-1FR");
  } else {
    rule = freq === "WEEKDAYS" ? WEEKDAYS : `FREQ=${freq}`;
    const interval = Number(f.interval.value || 1);
    if (freq !== "WEEKDAYS" && interval > 1) rule += `;INTERVAL=${interval}`;
    if (f.ends.value === "count") rule += `;COUNT=${Number(f.count.value || 1)}`;
    if (f.ends.value === "until" && f.until.value) rule += `;UNTIL=${f.until.value.replace(/-/g, "")}T235959Z`;
  }
  return { rrule: rule, anchor: f.fromCompletion.checked ? "completion" : "schedule" };
}
