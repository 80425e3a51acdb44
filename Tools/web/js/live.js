// Live updates from ws-gateway (docs/websocket.md): `GET /ws?since=<seq>` with the token in
// `Sec-WebSocket-Protocol: bearer, <token>`; frames `hello`, `event` (in seq order) and `resync`. Reconnects with
// exponential backoff and jitter (0.5 s doubling to 30 s), asking for everything after the last seq it saw. After
// three failed attempts in a row it starts fresh (no `since`, then reloads the list on hello): the server refuses a
// `since` it does not know (e.g. its state was reset), and a browser cannot read that 400.

export class LiveUpdates {
  /**
   * @param session the signed-in session (token, remaining lifetime)
   * @param handlers `{onEvent(event, seq), onResync(latestSeq), onState(state, detail), onHello(latestSeq, fresh)}`
   */
  constructor(session, handlers) {
    this.session = session;
    this.handlers = handlers;
    this.lastSeq = null;
    this.attempt = 0;
    this.failures = 0;
    this.socket = null;
    this.timer = null;
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = null;
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const since = this.lastSeq === null ? "" : `?since=${this.lastSeq}`;
    return `${scheme}//${location.host}/ws${since}`;
  }

  connect() {
    if (this.stopped) return;
    if (this.session.remaining <= 0) return this.handlers.onState("expired", "token expired: sign in again");
    this.handlers.onState("connecting", this.attempt ? `reconnecting (attempt ${this.attempt + 1})` : "connecting");
    let socket;
    try {
      socket = new WebSocket(this.url(), ["bearer", this.session.token]);
    } catch (error) {
      return this.retry(String(error));
    }
    this.socket = socket;
    socket.addEventListener("message", (message) => this.receive(message.data));
    socket.addEventListener("close", (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === 1008 && this.session.remaining <= 0) {
        return this.handlers.onState("expired", "token expired: sign in again");
      }
      this.retry(event.code === 1006 ? "connection lost" : `closed (${event.code})`);
    });
  }

  retry(reason) {
    if (this.stopped) return;
    this.failures += 1;
    if (this.failures >= 3) this.lastSeq = null;
    const ceiling = Math.min(30000, 500 * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.attempt += 1;
    this.handlers.onState("offline", `${reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Reconnect now (e.g. the browser came back online), keeping `since`. */
  nudge() {
    if (this.stopped || this.socket) return;
    clearTimeout(this.timer);
    this.connect();
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame.type === "hello") {
      this.attempt = 0;
      this.failures = 0;
      const fresh = this.lastSeq === null;
      if (fresh) this.lastSeq = frame.latestSeq;
      this.handlers.onState("live", `live as ${frame.userId}`);
      this.handlers.onHello?.(frame.latestSeq, fresh);
    } else if (frame.type === "event") {
      if (this.lastSeq !== null && frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
      this.handlers.onEvent(frame.event, frame.seq);
    } else if (frame.type === "resync") {
      this.lastSeq = frame.latestSeq;
      this.handlers.onResync(frame.latestSeq);
      const socket = this.socket;
      this.socket = null;
      socket?.close(1000);
      this.connect();
    }
  }
}
