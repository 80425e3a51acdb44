"""One live-updates client per user on /ws: it keeps every event it receives with its seq, reconnects with
`since=<last seq>` whenever the connection drops (gateway or runtime killed, 1013), and records every gap,
duplicate and resync it sees as evidence."""
import asyncio
import json
import time

from websockets.asyncio.client import connect


class LiveClient:
    def __init__(self, port: int, user: str, token: str):
        self.port, self.user, self.token = port, user, token
        self.last = 0
        self.events: list[tuple[int, str, str, str, int | None]] = []  # seq, event id, type, subject, version
        self.arrivals: dict[str, float] = {}  # task id → when its TaskCreated arrived (monotonic)
        self.problems: list[str] = []
        self.connects = 0
        self.latest_seen = 0
        self.running = True
        self.connected = asyncio.Event()

    async def run(self):
        while self.running:
            try:
                async with connect(f"ws://127.0.0.1:{self.port}/ws?since={self.last}",
                                   subprotocols=["bearer", self.token], open_timeout=15, ping_interval=10,
                                   ping_timeout=30, max_size=2**20) as socket:
                    self.connects += 1
                    async for message in socket:
                        self._handle(json.loads(message))
                        self.connected.set()
                        if not self.running:
                            break
            except asyncio.CancelledError:
                raise
            except Exception:
                await asyncio.sleep(0.2)

    def _handle(self, frame: dict):
        kind = frame.get("type")
        if kind == "hello":
            self.latest_seen = max(self.latest_seen, frame.get("latestSeq", 0))
        elif kind == "resync":
            self.problems.append(f"user {self.user}: resync to {frame.get('latestSeq')} after seq {self.last} "
                                 "(events beyond the history window: a gap the client cannot fill)")
        elif kind == "event":
            seq, event = frame["seq"], frame["event"]
            if seq <= self.last:
                self.problems.append(f"user {self.user}: seq {seq} (event {event.get('id')}) again after {self.last}")
                return
            if seq != self.last + 1:
                self.problems.append(f"user {self.user}: gap, seq {seq} (event {event.get('id')}) after {self.last}")
            self.last = seq
            self.latest_seen = max(self.latest_seen, seq)
            data = event.get("data") if isinstance(event.get("data"), dict) else {}
            task = data.get("task") if isinstance(data.get("task"), dict) else {}
            self.events.append((seq, event.get("id", ""), event.get("type", ""), event.get("subject", ""),
                                task.get("version")))
            if event.get("type") == "com.todo.task.created.v1":
                self.arrivals.setdefault(event.get("subject", ""), time.monotonic())


class LiveClients:
    def __init__(self, port: int, users: list[str], tokens: list[str]):
        self.clients = [LiveClient(port, user, token) for user, token in zip(users, tokens)]
        self.tasks: list[asyncio.Task] = []

    async def start(self, timeout: float = 60):
        self.tasks = [asyncio.create_task(c.run()) for c in self.clients]
        # Each client must hold a connection before the load starts (its hello arrived), else it checked nothing.
        await asyncio.wait_for(asyncio.gather(*(c.connected.wait() for c in self.clients)), timeout)

    async def wait_for(self, expected: dict[str, int], timeout: float) -> bool:
        """Until each client's last seq reaches its user's expected event count, or `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(c.last >= expected.get(c.user, 0) for c in self.clients):
                return True
            await asyncio.sleep(0.2)
        return False

    async def stop(self):
        for c in self.clients:
            c.running = False
        for t in self.tasks:
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    def arrivals(self) -> dict[str, float]:
        merged = {}
        for c in self.clients:
            merged.update(c.arrivals)
        return merged
