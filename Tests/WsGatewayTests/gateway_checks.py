#!/usr/bin/env python3
"""ws-gateway checked from outside with the `websockets` client and raw sockets (RFC 6455 bad input).

Run by WsGatewayTests.swift with one JSON argument: the two gateway replicas (url, pid), the ingress port, the
Dapr API port of ws-fanout (this script plays ws-fanout: it writes seq and history and pushes to the replicas in
presence), the app token and the JWT key. Every check waits for what it needs with a generous deadline, never for
a fixed window. Prints one line per check; exits 1 if any failed.
"""
import asyncio, base64, hashlib, hmac, json, os, socket, struct, sys, time, urllib.error, urllib.request

import websockets
from http.client import HTTPConnection
from websockets.asyncio.client import connect

ARGS = json.loads(sys.argv[1])
REPLICAS = ARGS["replicas"]            # [{"url": "http://127.0.0.1:P", "pid": N}, ...]
INGRESS = ARGS["ingressPort"]
FANOUT_DAPR = ARGS["fanoutDaprPort"]
PUBLISH_DAPR = ARGS["publishDaprPort"]  # task-crud's, the app allowed to publish task-events
APP_TOKEN = ARGS["appToken"]
KEY = ARGS["jwtKey"].encode()
STORE = "todo-livestate"
DEADLINE = 20.0
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)


def token(user, lifetime=3600):
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    now = int(time.time())
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": user, "iat": now, "exp": now + lifetime}).encode())
    signature = b64(hmac.new(KEY, (head + "." + body).encode(), hashlib.sha256).digest())
    return head + "." + body + "." + signature


def http(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=DEADLINE) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def state_get(key):
    status, body, headers = http("GET", f"http://127.0.0.1:{FANOUT_DAPR}/v1.0/state/{STORE}/{key}")
    return (json.loads(body), headers.get("ETag")) if status == 200 and body else (None, None)


def state_save(items):
    status, body, _ = http("POST", f"http://127.0.0.1:{FANOUT_DAPR}/v1.0/state/{STORE}", json.dumps(items).encode(),
                           {"Content-Type": "application/json"})
    assert status == 204, (status, body)


class Fanout:
    """What ws-fanout does, single-writer: next seq, the event in its history slot, push to live replicas."""

    def publish(self, user, payload=None, push=True, history=True):
        seq = (state_get(f"live:{user}:seq")[0] or 0) + 1
        event = {"specversion": "1.0", "id": f"{user}-{seq}", "source": "test", "type": "todo.task.created.v1",
                 "data": payload if payload is not None else {"n": seq}}
        items = [{"key": f"live:{user}:seq", "value": seq}]
        if history:
            items.append({"key": f"live:{user}:event:{seq % 1000}", "value": {"seq": seq, "event": event}})
        state_save(items)
        if push:
            self.push(user, seq, event)
        return seq

    def push(self, user, seq, event):
        presence = state_get(f"live:{user}:presence")[0] or {"replicas": {}}
        now = int(time.time() * 1000)
        for url, expires in presence["replicas"].items():
            if expires > now:
                status, body, _ = http("POST", url + "/internal/push",
                                       json.dumps({"userId": user, "seq": seq, "event": event}).encode(),
                                       {"Content-Type": "application/json", "dapr-api-token": APP_TOKEN})
                assert status == 204, (status, body)


fanout = Fanout()


def ws_url(replica, query=""):
    return replica["url"].replace("http://", "ws://") + "/ws" + query


async def wait_presence(user, url):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        presence = (await asyncio.to_thread(state_get, f"live:{user}:presence"))[0]
        if presence and url in presence["replicas"]:
            return True
        await asyncio.sleep(0.02)
    return False


async def receive_json(ws):
    return json.loads(await asyncio.wait_for(ws.recv(), DEADLINE))


async def refused_status(url, **kwargs):
    try:
        async with connect(url, open_timeout=DEADLINE, **kwargs):
            return 101
    except websockets.exceptions.InvalidStatus as error:
        return error.response.status_code


async def auth_checks():
    a = REPLICAS[0]
    for base, where in [(ws_url(a), "gateway"), (f"ws://127.0.0.1:{INGRESS}/ws", "ingress")]:
        check(await refused_status(base) == 401, f"{where}: no token -> 401 before any upgrade")
        check(await refused_status(base + "?token=garbage") == 401, f"{where}: bad token -> 401")
        check(await refused_status(base, subprotocols=["bearer", token("alice", -10)]) == 401, f"{where}: expired token -> 401")
        check(await refused_status(base + "?since=abc&token=" + token("alice")) == 400, f"{where}: since=abc -> 400")
        check(await refused_status(base + "?since=-1&token=" + token("alice")) == 400, f"{where}: since=-1 -> 400")
        check(await refused_status(base + "?since=999999&token=" + token("nobody")) == 400, f"{where}: since from the future -> 400")
        async with connect(base, subprotocols=["bearer", token("dave")], open_timeout=DEADLINE) as ws:
            check(ws.subprotocol == "bearer", f"{where}: the 101 selects the subprotocol bearer")
            hello = await receive_json(ws)
            check(hello == {"type": "hello", "userId": "dave", "latestSeq": 0}, f"{where}: hello first ({hello})")
    status, body, _ = http("POST", a["url"] + "/internal/push", b'{"userId":"x","seq":1,"event":{}}',
                           {"Content-Type": "application/json"})
    check(status == 401, f"/internal/push without the app token -> 401 ({status})")
    status, body, _ = http("POST", a["url"] + "/internal/push", b'{"seq":1}',
                           {"Content-Type": "application/json", "dapr-api-token": APP_TOKEN})
    check(status == 400 and b"error" in body, f"/internal/push with a bad body -> 400 JSON ({status})")
    status, _, _ = await asyncio.to_thread(http, "POST", f"http://127.0.0.1:{INGRESS}/internal/push", b"{}", {"dapr-api-token": APP_TOKEN})
    check(status == 404, f"the ingress does not route /internal/push ({status})")


async def collect(ws, user, count):
    seqs = []
    while len(seqs) < count:
        message = await receive_json(ws)
        if message["type"] == "event":
            seqs.append(message["seq"])
            if message["event"]["id"] != f"{user}-{message['seq']}":
                seqs.append(("wrong event", message["event"]["id"]))
    return seqs


async def live_and_replay_checks():
    a, b = REPLICAS
    async with connect(ws_url(a), subprotocols=["bearer", token("alice")]) as alice_a, \
            connect(ws_url(b, "?token=" + token("alice"))) as alice_b, \
            connect(ws_url(a), subprotocols=["bearer", token("bob")]) as bob:
        for ws in (alice_a, alice_b, bob):
            await receive_json(ws)
        # Written before the 101, not after: an event stored after the replay was read must find the replica.
        replicas = ((await asyncio.to_thread(state_get, "live:alice:presence"))[0] or {"replicas": {}})["replicas"]
        check(a["url"] in replicas and b["url"] in replicas,
              f"presence lists both replicas holding alice's connections as soon as they are open ({replicas})")
        for _ in range(30):
            await asyncio.to_thread(fanout.publish, "alice")
        check(await collect(alice_a, "alice", 30) == list(range(1, 31)), "replica A: alice gets seq 1..30 in order")
        check(await collect(alice_b, "alice", 30) == list(range(1, 31)), "replica B: alice gets seq 1..30 in order")
        await asyncio.to_thread(fanout.publish, "bob")
        first = await receive_json(bob)
        check(first["type"] == "event" and first["seq"] == 1 and first["event"]["id"] == "bob-1",
              "bob's first message is his own event: none of alice's reached him")
    # Reconnect after missing events: replay from history, then live, no gap, no duplicate.
    for _ in range(5):
        await asyncio.to_thread(fanout.publish, "alice", push=False)
    async with connect(ws_url(a, "?since=30"), subprotocols=["bearer", token("alice")]) as ws:
        hello = await receive_json(ws)
        check(hello["latestSeq"] == 35, f"hello says latestSeq 35 ({hello})")
        check(await collect(ws, "alice", 5) == [31, 32, 33, 34, 35], "since=30 replays 31..35 in order")
        await wait_presence("alice", a["url"])
        await asyncio.to_thread(fanout.publish, "alice")
        check(await collect(ws, "alice", 1) == [36], "then the live event 36")
    # Many users' first connections at once: each one's presence is written before its 101 (one replica writes
    # presence serially, so without the wait most of these would be open before their entry exists).
    async def open_and_look(user):
        async with connect(ws_url(a), subprotocols=["bearer", token(user)], open_timeout=DEADLINE) as ws:
            present = await asyncio.to_thread(state_get, f"live:{user}:presence")
            await receive_json(ws)
            return a["url"] in ((present[0] or {}).get("replicas") or {})
    seen = await asyncio.gather(*[open_and_look(f"crowd{n}") for n in range(30)])
    check(all(seen), f"30 users connecting at once are each in the presence when their 101 arrives ({seen.count(False)} not)")
    # The seam: events published while the replay is read arrive exactly once, in order.
    publisher = asyncio.get_running_loop().run_in_executor(None, lambda: [fanout.publish("alice") for _ in range(40)])
    async with connect(ws_url(a, "?since=36"), subprotocols=["bearer", token("alice")]) as ws:
        await receive_json(ws)
        await publisher
        check(await collect(ws, "alice", 40) == list(range(37, 77)), "replay + live across the seam: 37..76, no gap, no duplicate")
    # A history that no longer reaches back to since: resync.
    # Slots 50..60 hold their seqs; slot 11 was overwritten by seq 1011 of a longer history (so since=10 cannot
    # replay 11), and slots 1..10 are missing.
    state_save([{"key": "live:carol:seq", "value": 60},
                {"key": "live:carol:event:11", "value": {"seq": 1011, "event": {"id": "carol-1011"}}}]
               + [{"key": f"live:carol:event:{s}", "value": {"seq": s, "event": {"id": f"carol-{s}"}}} for s in range(50, 61)])
    async with connect(ws_url(a, "?since=10"), subprotocols=["bearer", token("carol")]) as ws:
        await receive_json(ws)
        check(await receive_json(ws) == {"type": "resync", "latestSeq": 60}, "since older than the history -> resync")
    async with connect(ws_url(a, "?since=30"), subprotocols=["bearer", token("carol")]) as ws:
        await receive_json(ws)
        check(await receive_json(ws) == {"type": "resync", "latestSeq": 60}, "the slot of since+1 is missing -> resync")
    async with connect(ws_url(a, "?since=55"), subprotocols=["bearer", token("carol")]) as ws:
        await receive_json(ws)
        seqs = [(await receive_json(ws))["seq"] for _ in range(5)]
        check(seqs == [56, 57, 58, 59, 60], "since inside the history replays the rest")


class Raw:
    """A hand-driven client socket, for frames the websockets library refuses to send."""

    def __init__(self, replica, user, query=""):
        port = int(replica["url"].rsplit(":", 1)[1])
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /ws{query} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Sec-WebSocket-Protocol: bearer, {token(user)}\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head

    def send_frame(self, first, payload, mask=True, length=None):
        n = len(payload) if length is None else length
        header = bytes([first])
        bit = 0x80 if mask else 0
        if n < 126:
            header += bytes([bit | n])
        elif n < 65536:
            header += bytes([bit | 126]) + struct.pack("!H", n)
        else:
            header += bytes([bit | 127]) + struct.pack("!Q", n)
        if mask:
            key = os.urandom(4)
            payload = bytes(c ^ key[i % 4] for i, c in enumerate(payload))
            header += key
        self.sock.sendall(header + payload)

    def read_frame(self):
        def need(n):
            while len(self.buffer) < n:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise EOFError
                self.buffer += chunk
        need(2)
        opcode, n = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F
        offset = 2
        if n == 126:
            need(4)
            n, offset = struct.unpack("!H", self.buffer[2:4])[0], 4
        elif n == 127:
            need(10)
            n, offset = struct.unpack("!Q", self.buffer[2:10])[0], 10
        need(offset + n)
        payload, self.buffer = self.buffer[offset:offset + n], self.buffer[offset + n:]
        return opcode, payload

    def close_code(self):
        """Reads frames until the close frame; its code (None when the socket just closed)."""
        try:
            while True:
                opcode, payload = self.read_frame()
                if opcode == 8:
                    return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
        except (EOFError, ConnectionResetError, socket.timeout):
            return None

    def closed(self):
        try:
            while True:
                self.read_frame()
        except (EOFError, ConnectionResetError):
            return True
        except socket.timeout:
            return False


def frame_checks():
    a = REPLICAS[0]
    cases = [
        ("an unmasked client frame", lambda r: r.send_frame(0x81, b"hi", mask=False), 1002),
        ("a 64-bit length over the limit", lambda r: r.sock.sendall(bytes([0x82, 0xFF]) + struct.pack("!Q", 1 << 40)), 1009),
        ("invalid UTF-8 in one frame", lambda r: r.send_frame(0x81, b"ok\xff"), 1007),
        ("invalid UTF-8 split across fragments",
         lambda r: (r.send_frame(0x01, b"a\xe2\x82"), r.send_frame(0x80, b"\x28")), 1007),
        ("a control frame over 125 bytes", lambda r: r.send_frame(0x89, b"x" * 126), 1002),
        ("a fragmented ping", lambda r: r.send_frame(0x09, b"x"), 1002),
        ("a reserved opcode", lambda r: r.send_frame(0x83, b"x"), 1002),
        ("an RSV bit", lambda r: r.send_frame(0xC1, b"x"), 1002),
        ("a close with code 1005", lambda r: r.send_frame(0x88, struct.pack("!H", 1005)), 1002),
        ("a close with code 1000 (echoed)", lambda r: r.send_frame(0x88, struct.pack("!H", 1000)), 1000),
    ]
    for name, send, expected in cases:
        raw = Raw(a, "frames")
        raw.read_frame()  # hello
        send(raw)
        code = raw.close_code()
        check(code == expected, f"{name} -> close {expected} (got {code})")
        check(raw.closed(), f"{name}: then the server closes the socket")
        raw.sock.close()
    raw = Raw(a, "frames")
    raw.read_frame()
    raw.send_frame(0x89, b"are you there")
    check(raw.read_frame() == (0xA, b"are you there"), "a ping is answered with a pong carrying its data")
    # The server pings an idle connection and drops it when no pong comes (ping interval 5 s on this replica: 1 s dropped a busy client whose pong came late).
    opcode = None
    while opcode != 9:
        opcode, _ = raw.read_frame()
    check(opcode == 9, "an idle connection is pinged")
    check(raw.closed(), "a connection that never answers pings is closed")
    raw.sock.close()


async def slow_consumer_checks():
    a = REPLICAS[1]  # the replica that pings every 30 s: the slow client here reads nothing, not even pings
    slow = Raw(a, "slow")
    async with connect(ws_url(a), subprotocols=["bearer", token("fast")]) as fast:
        await receive_json(fast)
        await wait_presence("slow", a["url"])
        event = {"id": "slow", "data": {"blob": "x" * 16000}}
        body = lambda seq: json.dumps({"userId": "slow", "seq": seq, "event": event}).encode()
        headers = {"Content-Type": "application/json", "dapr-api-token": APP_TOKEN}
        # 800 events of 16 kB (12.8 MB) to a client that reads nothing: far past the gateway's 1 MB queue and the
        # kernel's socket buffers. Each push answers at once: fan-out never waits for the slow reader.
        # One kept-alive HTTP connection, so the 800 pushes take well under the close deadline (HEADER_TIMEOUT).
        pusher = HTTPConnection("127.0.0.1", int(a["url"].rsplit(":", 1)[1]), timeout=DEADLINE)
        for seq in range(1, 801):
            pusher.request("POST", "/internal/push", body(seq), headers)
            response = pusher.getresponse()
            response.read()
            assert response.status == 204, response.status
            if seq % 100 == 0:
                await asyncio.to_thread(fanout.push, "fast", seq // 100, {"id": f"fast-{seq // 100}"})
                message = await receive_json(fast)
                check(message["seq"] == seq // 100, f"a fast user is served at once while the slow one lags ({seq} pushed)")
        pusher.close()
        code = slow.close_code()
        check(code == 1013, f"a consumer too slow for its queue is closed with 1013 (got {code})")
    slow.sock.close()


async def mass_connect_checks():
    a = REPLICAS[0]
    pid = a["pid"]
    port = int(a["url"].rsplit(":", 1)[1])

    def client_sockets():
        """Descriptors of the gateway that are connections accepted on its port (not its listener, not its pool
        of connections to Dapr)."""
        inodes = set()
        for table in ("tcp", "tcp6"):
            try:
                with open(f"/proc/{pid}/net/{table}") as lines:
                    for line in list(lines)[1:]:
                        fields = line.split()
                        if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] != "0A":
                            inodes.add(fields[9])
            except FileNotFoundError:
                pass
        count = 0
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                count += 1
        return count

    fd_count = lambda: len(os.listdir(f"/proc/{pid}/fd"))
    before = fd_count()
    # Kept-alive HTTP connections (the supervisor's readiness checks) count as the baseline.
    baseline = client_sockets()

    async def open_and_drop(i):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if i % 2 == 0:
                key = base64.b64encode(os.urandom(16)).decode()
                writer.write((f"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                              f"Sec-WebSocket-Protocol: bearer, {token('crowd')}\r\n\r\n").encode())
                await writer.drain()
                await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), DEADLINE)
            writer.transport.abort()
            return True
        except Exception as error:
            return error

    async with connect(ws_url(a), subprotocols=["bearer", token("erin")]) as erin:
        await receive_json(erin)
        results = await asyncio.gather(*(open_and_drop(i) for i in range(1000)))
        errors = [r for r in results if r is not True]
        check(not errors, f"1,000 connections opened and dropped at once ({len(errors)} errors, e.g. {errors[:1]})")
        await wait_presence("erin", a["url"])
        await asyncio.to_thread(fanout.publish, "erin")
        check(await collect(erin, "erin", 1) == [1], "another user's connection is unaffected")
    status, _, _ = await asyncio.to_thread(http, "GET", a["url"] + "/health/readiness")
    check(status == 200, "the gateway is still ready")
    deadline = time.monotonic() + DEADLINE
    while client_sockets() > baseline and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    check(client_sockets() <= baseline, f"no leaked descriptor: {client_sockets()} client sockets open, {baseline} before "
          f"({fd_count()} descriptors in all, {before} before, the rest its pooled connections to Dapr)")


async def expiry_checks():
    a = REPLICAS[0]
    async with connect(ws_url(a), subprotocols=["bearer", token("frank", lifetime=2)]) as ws:
        await receive_json(ws)
        try:
            await asyncio.wait_for(ws.recv(), DEADLINE)
            code = None
        except websockets.exceptions.ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
        check(code == 1008, f"a token that expires while connected -> close 1008 (got {code})")


def publish(topic, event):
    # As task-crud publishes: the user as the partition key, so one user's events are delivered in order.
    key = event["partitionkey"]
    status, body, _ = http("POST", f"http://127.0.0.1:{PUBLISH_DAPR}/v1.0/publish/todo-pubsub/{topic}?metadata.partitionKey={key}",
                           json.dumps(event).encode(), {"Content-Type": "application/cloudevents+json"})
    assert status == 204, (status, body)


async def real_fanout_checks():
    """ws-fanout itself: events published on todo-pubsub reach the user's sockets with seqs, once each."""
    a, b = REPLICAS
    async with connect(ws_url(a), subprotocols=["bearer", token("grace")]) as on_a, \
            connect(ws_url(b), subprotocols=["bearer", token("grace")]) as on_b:
        for ws in (on_a, on_b):
            await receive_json(ws)
        await wait_presence("grace", a["url"])
        await wait_presence("grace", b["url"])
        events = [{"specversion": "1.0", "id": f"grace-{n}", "source": "task-crud", "type": "todo.task.created.v1",
                   "partitionkey": "grace", "datacontenttype": "application/json", "data": {"n": n}}
                  for n in range(1, 11)]
        for event in events:
            await asyncio.to_thread(publish, "task-events", event)
        await asyncio.to_thread(publish, "task-events", events[3])  # a redelivery: same id, same seq, nothing new on the socket
        await asyncio.to_thread(publish, "task-events", {**events[0], "id": "grace-11"})
        for ws, where in ((on_a, "A"), (on_b, "B")):
            got = []
            # Deliveries go through the runtime's pub/sub, which other suites running in the same test process may
            # keep busy: a longer deadline than for direct pushes.
            try:
                while len(got) < 11:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 6 * DEADLINE))
                    got.append((message["seq"], message["event"]["id"]))
            except asyncio.TimeoutError:
                check(False, f"ws-fanout -> replica {where}: only {got} within {6 * DEADLINE} s")
            check([s for s, _ in got] == list(range(1, 12)), f"ws-fanout -> replica {where}: seqs 1..11, none twice")
            check(sorted(i for _, i in got) == sorted(f"grace-{n}" for n in range(1, 12)),
                  f"ws-fanout -> replica {where}: each event once (the redelivered one not again)")
    async with connect(ws_url(a, "?since=5"), subprotocols=["bearer", token("grace")]) as ws:
        await receive_json(ws)
        check([(await receive_json(ws))["seq"] for _ in range(6)] == list(range(6, 12)),
              "the history ws-fanout wrote replays 6..11")


async def reorder_checks():
    a = REPLICAS[0]
    async with connect(ws_url(a), subprotocols=["bearer", token("henry")]) as ws:
        await receive_json(ws)
        await wait_presence("henry", a["url"])
        for seq in (2, 1, 2):
            await asyncio.to_thread(fanout.push, "henry", seq, {"id": f"henry-{seq}"})
        check(await collect(ws, "henry", 2) == [1, 2], "pushes arriving reordered or twice go out once, in seq order")
        await asyncio.to_thread(fanout.push, "henry", 4, {"id": "henry-4"})
        try:
            await asyncio.wait_for(ws.recv(), DEADLINE)
            code = None
        except websockets.exceptions.ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
        check(code == 1013, f"a seq that never arrives (3) -> close 1013 so the client replays (got {code})")


async def main():
    await auth_checks()
    await live_and_replay_checks()
    await asyncio.get_running_loop().run_in_executor(None, frame_checks)
    await slow_consumer_checks()
    await mass_connect_checks()
    await expiry_checks()
    await reorder_checks()
    # The real ws-fanout through the runtime's pub/sub, events published as task-crud publishes them (through
    # task-crud's API port: publishingScopes refuse task-events from ws-fanout with 403).
    await real_fanout_checks()


asyncio.run(main())
print(f"{len(failures)} failed", flush=True)
sys.exit(1 if failures else 0)
