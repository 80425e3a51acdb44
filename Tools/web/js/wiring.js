// The page's controls: sign-in forms, quick add, filters, keyboard shortcuts, notifications, sign-out.

import { toast } from "./notify.js";

export function wire({ $, session, state, editor, load, more, create, live, askForNotifications }) {
  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("signin-error").textContent = "";
    try {
      await session.signIn($("signin-user").value.trim());
    } catch (error) {
      $("signin-error").textContent = error.message;
      if (/paste/i.test(error.message)) $("paste-token").open = true;
    }
  });

  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    try {
      session.usePastedToken($("token-input").value);
    } catch (error) {
      $("signin-error").textContent = error.message;
    }
  });

  $("signout-button").addEventListener("click", () => session.signOut());

  $("quick-add").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("new-title");
    const title = input.value.trim();
    if (!title) return;
    input.disabled = true;
    try {
      await create({ title });
      input.value = "";
    } catch (error) {
      toast(`Could not add: ${error.message}`, { kind: "error" });
    } finally {
      input.disabled = false;
      input.focus();
    }
  });

  $("add-details").addEventListener("click", () => editor.open(null, $("new-title").value.trim()));
  $("more").addEventListener("click", () => more());

  let typing = null;
  const filtersChanged = (event) => {
    const next = Object.fromEntries(new FormData($("filters")));
    if (JSON.stringify(next) === JSON.stringify(state.filter)) return;
    state.filter = next;
    state.onChange();
    clearTimeout(typing);
    typing = setTimeout(load, event.target.name === "q" || event.target.name === "tag" ? 300 : 0);
  };
  $("filters").addEventListener("input", filtersChanged);
  $("filters").addEventListener("change", filtersChanged);
  $("filters").addEventListener("submit", (event) => event.preventDefault());
  state.filter = Object.fromEntries(new FormData($("filters")));

  $("notify-button").addEventListener("click", async () => {
    const answer = await askForNotifications();
    $("notify-button").hidden = true;
    toast(answer === "granted" ? "Reminders will show as notifications." : "Reminders will show in this page.");
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || $("app").hidden || $("editor").open) return;
    if (target.matches("input, textarea, select, [contenteditable]")) return;
    if (event.key === "n") {
      event.preventDefault();
      $("new-title").focus();
    } else if (event.key === "/") {
      event.preventDefault();
      $("filters").elements.q.focus();
    }
  });

  window.addEventListener("online", () => live.nudge());
  window.addEventListener("storage", (event) => {
    if (event.key === "todo.session" && !event.newValue && session.signedIn) session.signOut();
  });
}
