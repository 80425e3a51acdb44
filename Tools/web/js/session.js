// Who is signed in: a user name and a bearer token, kept in localStorage so every window of this browser shares
// them. Development sign-in asks the ingress (`POST /dev/token`, only under `todofn up`); anywhere else the page
// takes a token pasted from `todofn token <user>`.

const KEY = "todo.session";

/** The claims of a JWT (not verified: the server does that), or null when it is not one. */
export function claims(token) {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const text = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

export class Session {
  constructor() {
    this.user = null;
    this.token = null;
    this.onChange = () => {};
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (saved && this.accept(saved.token, false)) return;
    localStorage.removeItem(KEY);
  }

  get signedIn() {
    return this.token !== null;
  }

  /** Seconds until the token expires (Infinity without `exp`). */
  get remaining() {
    const exp = claims(this.token ?? "")?.exp;
    return exp ? exp - Date.now() / 1000 : Infinity;
  }

  accept(token, save = true) {
    const payload = claims(token.trim());
    if (!payload?.sub || (payload.exp && payload.exp * 1000 <= Date.now())) return false;
    this.user = payload.sub;
    this.token = token.trim();
    if (save) localStorage.setItem(KEY, JSON.stringify({ token: this.token }));
    return true;
  }

  /** Asks the ingress for a development token; throws with a readable message when it cannot. */
  async signIn(user) {
    this.lastError = null;
    const response = await fetch("/dev/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user }),
    });
    if (response.status === 404 || response.status === 405) {
      throw new Error("This server has no development sign-in. Paste a token from `todofn token <user>`.");
    }
    const json = await response.json().catch(() => null);
    if (!response.ok) throw new Error(json?.error?.message ?? `sign-in failed (${response.status})`);
    if (!this.accept(json.token)) throw new Error("the server answered with an unusable token");
    this.onChange();
  }

  usePastedToken(token) {
    this.lastError = null;
    if (!this.accept(token)) throw new Error("That is not a valid, unexpired token.");
    this.onChange();
  }

  signOut() {
    this.user = null;
    this.token = null;
    localStorage.removeItem(KEY);
    this.onChange();
  }

  /** The server refused the token: forget it and go back to the sign-in screen. */
  expired(message) {
    if (!this.signedIn) return;
    this.lastError = `Signed out: ${message}`;
    this.signOut();
  }
}
