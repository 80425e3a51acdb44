#!/usr/bin/env python3
"""Smoke test of a deployed cluster (deploy-local.yml, deploy-cloud.yml); Python's standard library only.

  smoke.py --public http://todo.127.0.0.1.sslip.io --internal http://127.0.0.1:8081 --jwt-key <key> fn...

1. Every function answers GET /health/readiness through Knative's cluster-local gateway (`--internal`, Host
   <fn>.todo.svc.cluster.local): from zero, this is its cold start through the activator.
2. With ws-gateway deployed: a WebSocket to /ws is opened first, then one task is created through /api, is found in
   /audit (audit-log woken by Kafka through its Dapr Shared), and arrives on the WebSocket.
Waits poll with generous deadlines; nothing waits a fixed time.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import socket
import sys
import time
import urllib.parse
import urllib.request


def token(user, key):
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"sub": user, "exp": int(time.time()) + 3600}).encode())
    signature = hmac.new(key.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def request(url, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as response:
        return response.status, response.read()


def until(what, check, deadline=300):
    end = time.monotonic() + deadline
    last = None
    while time.monotonic() < end:
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 - reported when the deadline passes
            last = error
        time.sleep(1)
    sys.exit(f"smoke: {what}: not within {deadline} s (last error: {last})")


class WebSocket:
    """A minimal RFC 6455 client: the handshake and unmasked text frames from the server."""

    def __init__(self, url, bearer):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=120)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {parts.path}?token={bearer} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            sys.exit(f"smoke: WebSocket upgrade refused: {head.decode(errors='replace')}")

    def _read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def text(self):
        first, second = self._read(2)
        length = second & 0x7F
        if length == 126:
            length = int.from_bytes(self._read(2), "big")
        elif length == 127:
            length = int.from_bytes(self._read(8), "big")
        payload = self._read(length)
        return payload.decode() if first & 0x0F == 1 else ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--public", required=True)
    parser.add_argument("--internal", required=True)
    parser.add_argument("--jwt-key", required=True)
    parser.add_argument("functions", nargs="+")
    args = parser.parse_args()
    for fn in args.functions:
        until(f"{fn} /health/readiness", lambda fn=fn: request(
            f"{args.internal}/health/readiness", headers={"Host": f"{fn}.todo.svc.cluster.local"})[0] == 200)
        print(f"smoke: {fn} ready")
    user = f"smoke-{int(time.time())}"
    bearer = token(user, args.jwt_key)
    auth = {"Authorization": f"Bearer {bearer}"}
    socket_ = None
    if "ws-gateway" in args.functions:
        socket_ = WebSocket(args.public.replace("http", "ws", 1) + "/ws", bearer)
    status, body = request(f"{args.public}/api/{user}/tasks", "POST", {"title": "smoke"}, auth)
    task = json.loads(body)
    task_id = task.get("id") or task.get("task", {}).get("id")
    print(f"smoke: task {task_id} created ({status})")
    until("the task audited", lambda: task_id in request(f"{args.public}/audit?user={user}", headers=auth)[1].decode())
    print("smoke: audited")
    if socket_ is None:
        print("smoke: SKIPPED the WebSocket push: ws-gateway is not deployed (no Functions/ws-gateway yet)")
        return
    until("the task pushed on the WebSocket", lambda: task_id in socket_.text(), deadline=120)
    print("smoke: pushed on the WebSocket")


if __name__ == "__main__":
    main()
