#!/usr/bin/env python3
"""The reference for the gateway rows: the Python `websockets` server (asyncio) doing the same fan-out.

Usage: websockets_fanout.py PORT. Every connection is kept; any text message from a client is broadcast to all
(`websockets.broadcast`, one encoding for every recipient), as ws-gateway does with one pushed event.
"""
import asyncio, resource, sys

from websockets.asyncio.server import broadcast, serve

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
clients = set()


async def handler(websocket):
    clients.add(websocket)
    try:
        async for message in websocket:
            broadcast(clients, message)
    finally:
        clients.discard(websocket)


async def main():
    async with serve(handler, "127.0.0.1", int(sys.argv[1]), ping_interval=None, compression=None, backlog=4096):
        print("ready", flush=True)
        await asyncio.Future()


asyncio.run(main())
