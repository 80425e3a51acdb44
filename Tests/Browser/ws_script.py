"""A scripted WebSocket peer (RFC 6455, standard library only) that plays the server side of docs/websocket.md
for the page's `LiveUpdates` (js/live.js): each accepted connection runs the next script of frames, so the test
checks what the client sends (path, `since`, subprotocols) and what it does with hello, event, resync and drops.
It stands in for ws-gateway only in this client test; the gateway itself is tested by its own suite."""

import base64
import hashlib
import json
import socket
import struct
import threading
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def text_frame(payload):
    data = json.dumps(payload).encode()
    if len(data) < 126:
        return bytes([0x81, len(data)]) + data
    return bytes([0x81, 126]) + struct.pack("!H", len(data)) + data


class ScriptedPeer:
    """Accepts connections on a free loopback port; connection i runs `scripts[i]`, a list of
    ("send", payload) | ("drop",) | ("wait_close",) steps, or [("refuse",)] to answer the handshake with 400. `requests` records each handshake's target and headers."""

    def __init__(self, scripts):
        self.scripts = scripts
        self.requests = []
        self.accepted_at = []
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        for script in self.scripts:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._run, args=(connection, script), daemon=True).start()

    def _run(self, connection, script):
        with connection:
            self._play(connection, script)

    def _play(self, connection, script):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = connection.recv(4096)
            if not chunk:
                return
            head += chunk
        lines = head.split(b"\r\n\r\n")[0].decode().split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        self.requests.append((lines[0].split(" ")[1], headers))
        self.accepted_at.append(time.monotonic())
        if script and script[0][0] == "refuse":  # an HTTP error instead of the upgrade, as for a bad since=
            connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + GUID).encode()).digest()).decode()
        connection.sendall((
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: bearer\r\n\r\n").encode())
        for step in script:
            if step[0] == "send":
                connection.sendall(text_frame(step[1]))
            elif step[0] == "drop":
                return  # closing the socket without a close frame: the client sees 1006
            elif step[0] == "wait_close":
                connection.settimeout(30)
                try:
                    if connection.recv(4096):  # the client's close frame: answer it, as a server does
                        connection.sendall(bytes([0x88, 0x02, 0x03, 0xE8]))
                except OSError:
                    pass
                return

    def close(self):
        self.listener.close()
