// The assistant panel on `POST /api/{user}/chat` ({conversation_id?, message} → {conversation_id, response,
// tool_calls}). The conversation id is kept per window; a server without the endpoint shows "chat unavailable".

import { ApiError } from "./api.js";

export class ChatPanel {
  constructor(api, { onToolCalls }) {
    this.api = api;
    this.onToolCalls = onToolCalls;
    this.log = document.getElementById("chat-log");
    this.form = document.getElementById("chat-form");
    this.input = document.getElementById("chat-input");
    this.status = document.getElementById("chat-status");
    this.conversationId = sessionStorage.getItem("todo.conversation");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
  }

  reset() {
    this.log.replaceChildren();
    this.conversationId = null;
    sessionStorage.removeItem("todo.conversation");
    this.setAvailable(true, "");
  }

  setAvailable(available, message) {
    this.input.disabled = !available;
    this.form.querySelector("button").disabled = !available;
    this.status.textContent = message;
    this.form.closest(".chat").dataset.available = String(available);
  }

  add(role, text, toolCalls = []) {
    const item = document.createElement("li");
    item.className = `message ${role}`;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = role === "user" ? "You said: " : "Assistant: ";
    const body = document.createElement("p");
    body.textContent = text;
    item.append(who, body);
    if (toolCalls.length) {
      const calls = document.createElement("p");
      calls.className = "tools";
      calls.textContent = toolCalls.map((call) => call.name ?? call.tool ?? "tool").join(" · ");
      item.append(calls);
    }
    this.log.append(item);
    item.scrollIntoView({ block: "end", behavior: "smooth" });
  }

  async send() {
    const message = this.input.value.trim();
    if (!message) return;
    this.input.value = "";
    this.add("user", message);
    this.status.textContent = "Thinking…";
    try {
      const answer = await this.api.chat(message, this.conversationId);
      this.conversationId = answer.conversation_id ?? this.conversationId;
      if (this.conversationId) sessionStorage.setItem("todo.conversation", this.conversationId);
      this.add("assistant", answer.response ?? "", answer.tool_calls ?? []);
      this.status.textContent = "";
      if (answer.tool_calls?.length) this.onToolCalls(answer.tool_calls);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
        if (this.conversationId && /conversation/i.test(error.message)) {
          this.reset();
          this.add("assistant", "That conversation is gone; I started a new one. Please say that again.");
          return;
        }
        this.setAvailable(false, "Chat unavailable: this server has no chat endpoint yet.");
        this.add("assistant", "Chat is unavailable on this server.");
        return;
      }
      this.status.textContent = `Chat failed: ${error.message}`;
      this.input.value = message;
    } finally {
      this.input.focus();
    }
  }
}
