// Wires the page: sign-in, the task list with its filters, the editor, the chat panel and live updates.

import { Api, ApiError } from "./api.js";
import { ChatPanel } from "./chat.js";
import { Editor } from "./editor.js";
import { ListView } from "./list-view.js";
import { LiveUpdates } from "./live.js";
import { applyEvent } from "./events.js";
import { announce, askForNotifications, canAskForNotifications, toast } from "./notify.js";
import { Session } from "./session.js";
import { TaskState } from "./tasks.js";
import { wire } from "./wiring.js";

const $ = (id) => document.getElementById(id);
const session = new Session();
const api = new Api(session);
const state = new TaskState();
const view = new ListView($("task-list"), {
  onToggle: (id) => act(id, (task) => api.toggle(task), (task) => (task.completed ? "Completed" : "Reopened")),
  onEdit: (id) => editor.open(state.get(id)),
  onDelete: (id) => remove(id),
});
const editor = new Editor($("editor"), {
  onSave: async (input, task) => {
    const saved = task ? await api.update(task, input) : await create(input);
    state.upsert(saved);
    announce(task ? `Saved “${saved.title}”` : `Added “${saved.title}”`);
  },
  onDelete: (id) => remove(id),
});
const chat = new ChatPanel(api, { onToolCalls: () => load() });
let loads = 0;
let serverSorts = true;
let nextCursor = null;

const live = new LiveUpdates(session, {
  onState: (status, detail) => {
    const pill = $("live-status");
    pill.dataset.state = status;
    pill.textContent = { live: "live", connecting: "connecting…", offline: "offline", expired: "signed out" }[status];
    pill.title = detail;
  },
  onHello: (_, fresh) => fresh && load(),
  onEvent: (event) => applyEvent(event, state, view),
  onResync: () => load(),
});

state.onChange = () => {
  const tasks = state.visible();
  view.render(tasks);
  $("empty").hidden = tasks.length > 0;
  $("tag-list").replaceChildren(...state.tags().map((tag) => new Option(tag)));
};

function query(cursor) {
  const f = state.filter;
  const q = { status: f.status, priority: f.priority, tag: f.tag, q: f.q, limit: "100", cursor };
  if (serverSorts) Object.assign(q, { sort: f.sort, order: f.order });
  return q;
}

async function fetchPage(cursor) {
  try {
    return await api.list(query(cursor));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 400 && /sort|order/.test(error.message)) || !serverSorts) {
      throw error;
    }
    serverSorts = false; // an older task-crud sorts by creation only: the page sorts what it loaded itself
    $("list-note").textContent = "This server sorts by creation only; other orders apply to the loaded tasks.";
    return api.list(query(cursor));
  }
}

async function load() {
  if (!session.signedIn) return;
  const generation = ++loads;
  state.beginLoad();
  try {
    const page = await fetchPage(null);
    if (generation !== loads) return; // a newer load (other filters) is on its way
    state.replaceAll(page.tasks);
    nextCursor = page.nextCursor ?? null;
    $("more").hidden = !nextCursor;
  } catch (error) {
    if (generation !== loads) return;
    state.journal = null;
    toast(`Could not load tasks: ${error.message}`, { kind: "error" });
  }
}

async function more() {
  try {
    const page = await fetchPage(nextCursor);
    state.append(page.tasks);
    nextCursor = page.nextCursor ?? null;
    $("more").hidden = !nextCursor;
  } catch (error) {
    toast(`Could not load more: ${error.message}`, { kind: "error" });
  }
}

async function create(input) {
  const requestedAt = Date.now();
  const task = await api.create(input);
  state.upsert(task);
  view.mark(task.id, { requestedAt: String(requestedAt), respondedAt: String(Date.now()), via: "self" });
  return task;
}

async function act(id, call, verb) {
  const task = state.get(id);
  if (!task) return;
  try {
    const changed = await call(task);
    state.upsert(changed);
    announce(`${verb(changed)} “${changed.title}”`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) {
      toast("This task changed in another window; showing the latest version.", { kind: "error" });
      state.upsert(await api.get(id));
    } else {
      toast(error.message, { kind: "error" });
      state.onChange();
    }
  }
}

async function remove(id) {
  const task = state.get(id);
  if (!task) return;
  try {
    await api.remove(task);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) return toast(error.message, { kind: "error" });
  }
  state.remove(id);
  toast(`Deleted “${task.title}”`);
  $("tasks-heading").focus();
}

function showScreen() {
  $("signin").hidden = session.signedIn;
  $("app").hidden = !session.signedIn;
  if (!session.signedIn) {
    live.stop();
    state.replaceAll([]);
    chat.reset();
    $("signin-error").textContent = session.lastError ?? "";
    $("signin-user").focus();
    return;
  }
  $("user-name").textContent = session.user;
  $("notify-button").hidden = !canAskForNotifications();
  load();
  live.start();
  $("new-title").focus();
}

wire({ $, session, state, editor, load, more, create, live, askForNotifications });
session.onChange = showScreen;
showScreen();
