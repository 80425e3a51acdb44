// Telling the user things: toasts (role=status, or role=alert for reminders), a polite screen-reader announcer,
// and system notifications for reminders when the user allowed them.

const toasts = () => document.getElementById("toasts");

export function toast(message, { kind = "info", title, timeout = 6000 } = {}) {
  const element = document.createElement("div");
  element.className = `toast toast-${kind}`;
  element.setAttribute("role", kind === "reminder" || kind === "error" ? "alert" : "status");
  element.dataset.kind = kind;
  element.dataset.shownAt = String(Date.now());
  if (title) {
    const strong = document.createElement("strong");
    strong.textContent = title;
    element.append(strong);
  }
  const text = document.createElement("span");
  text.textContent = message;
  element.append(text);
  const close = document.createElement("button");
  close.type = "button";
  close.className = "toast-close";
  close.setAttribute("aria-label", "Dismiss");
  close.textContent = "×";
  close.addEventListener("click", () => element.remove());
  element.append(close);
  toasts().append(element);
  if (timeout) setTimeout(() => element.remove(), timeout);
  return element;
}

export function announce(message) {
  const region = document.getElementById("announcer");
  region.textContent = "";
  // A new text node in a later task is announced even when the message repeats.
  setTimeout(() => (region.textContent = message), 50);
}

export function canAskForNotifications() {
  return "Notification" in window && Notification.permission === "default";
}

export async function askForNotifications() {
  if (!("Notification" in window)) return "unsupported";
  return Notification.requestPermission();
}

/** A reminder: a system notification when permitted, and always an in-page toast that stays until dismissed. */
export function remind(title, body) {
  if ("Notification" in window && Notification.permission === "granted") {
    try {
      new Notification(title, { body, tag: `reminder:${title}` });
    } catch {
      // Some browsers allow notifications only from a service worker; the toast below still shows.
    }
  }
  toast(body, { kind: "reminder", title: `Reminder: ${title}`, timeout: 0 });
}
